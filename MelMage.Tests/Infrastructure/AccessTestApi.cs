extern alias api;

using System.Net;
using MelMage.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MelMage.Tests.Infrastructure;

/// <summary>An in-process API with settings of its own (limits, keys, origins) on a database of its own, migrated, on
/// the fixture's servers. Its outbox does not run, so what it accepts stays queued: no worker takes it, and the
/// fixture's worker never sees it. Requests come from 127.0.0.1, as from MelMage.Web's proxy, so X-Forwarded-For
/// names the client as it does behind the web.</summary>
public sealed class AccessTestApi : IAsyncDisposable
{
    private readonly WebApplicationFactory<api::Program> _factory;

    private AccessTestApi(WebApplicationFactory<api::Program> factory, string connectionString)
    {
        _factory = factory;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IServiceProvider Services => _factory.Services;

    public static async Task<AccessTestApi> StartAsync(PipelineFixture pipeline, IReadOnlyDictionary<string, string> settings)
    {
        var database = $"melmage_access_{Guid.NewGuid():N}";
        var connectionString = await pipeline.Servers.Postgres.CreateDatabaseAsync(database);
        await MelMageDatabase.MigrateAsync(connectionString);
        var connections = new Dictionary<string, string>(pipeline.ConnectionStrings)
        {
            [$"ConnectionStrings:{MelMageDatabase.ConnectionName}"] = connectionString,
        };
        var factory = new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in connections) web.UseSetting(key, value);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(services =>
            {
                // The outbox dispatcher is internal to the API: found by name.
                services.RemoveAll<IHostedService>(d => d.ImplementationType?.Name == "OutboxDispatcher");
                services.AddTransient<IStartupFilter, LoopbackClient>();
            });
        });
        return new AccessTestApi(factory, connectionString);
    }

    public HttpClient CreateClient() => _factory.CreateClient();

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The test server leaves the connection's address empty; a real one behind the web has 127.0.0.1.</summary>
    private sealed class LoopbackClient : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T) && match(d)).ToList()) services.Remove(descriptor);
    }
}
