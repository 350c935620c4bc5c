extern alias apphost;

using apphost::MelMage.AppHost.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace MelMage.Tests.Infrastructure;

/// <summary>One real Postgres, Redis and RabbitMQ for the component tests: the AppHost's own declarations
/// (<c>AddLocalPostgres</c>, <c>AddLocalRedis</c>, <c>AddLocalRabbitMQ</c>) without its projects, run by Aspire's orchestrator, on
/// free 127.0.0.1 ports with their data in a temporary folder that is deleted when they stop.</summary>
public sealed class ServersFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"melmage-tests-{Guid.NewGuid():N}");
    private DistributedApplication? _app;

    public PostgresAddress Postgres { get; private set; } = null!;

    public ServerAddress Redis { get; private set; } = null!;

    public ServerAddress RabbitMq { get; private set; } = null!;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The servers are not started.");

    public async Task InitializeAsync()
    {
        try
        {
            Directory.CreateDirectory(_root);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
            // The AppHost's own declarations (Program.cs), keeping only the servers.
            string[] args = [$"{StateDirectory.ConfigurationKey}={_root}", $"{LocalServers.DurableKey}=false"];
            var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(LocalServers), args,
                (options, _) => options.DisableDashboard = true);
            foreach (var project in builder.Resources.OfType<ProjectResource>().ToList()) builder.Resources.Remove(project);
            var postgres = builder.Resources.OfType<LocalPostgresResource>().Single();
            var redis = builder.Resources.OfType<LocalRedisResource>().Single();
            var rabbitmq = builder.Resources.OfType<LocalRabbitMqResource>().Single();
            _app = await builder.BuildAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await _app.StartAsync(timeout.Token);
            await Task.WhenAll(
                _app.ResourceNotifications.WaitForResourceHealthyAsync("postgres", timeout.Token),
                _app.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token),
                _app.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq", timeout.Token));
            Postgres = new PostgresAddress(await ConnectionStringAsync(postgres));
            Redis = new ServerAddress(await ConnectionStringAsync(redis), redis.PrimaryEndpoint.Port);
            RabbitMq = new ServerAddress(await ConnectionStringAsync(rabbitmq), rabbitmq.PrimaryEndpoint.Port);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temporary folder is reclaimed later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<string> ConnectionStringAsync(IResourceWithConnectionString resource) =>
        await resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None)
        ?? throw new InvalidOperationException($"{resource.Name} has no connection string.");

    /// <summary>A server's connection string as Aspire injects it, and the port clients reach it on.</summary>
    public sealed record ServerAddress(string ConnectionString, int Port);

    /// <summary>The Postgres server's connection string (no database) and that of any database on it.</summary>
    public sealed record PostgresAddress(string ConnectionString)
    {
        public string GetConnectionString(string database) =>
            new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

        /// <summary>Creates <paramref name="database"/> when it does not exist yet and returns its connection string.</summary>
        public async Task<string> CreateDatabaseAsync(string database)
        {
            await using var connection = new Npgsql.NpgsqlConnection(GetConnectionString("postgres"));
            await connection.OpenAsync();
            await using var exists = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            return GetConnectionString(database);
        }
    }
}
