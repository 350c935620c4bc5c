using System.Net.Http.Json;
using System.Text.Json;
using MelMage.Contracts.Visualization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MelMage.AppHost.Hosting;

/// <summary>The AppHost's own pieces around Aspire's: the state folder, the operator commands in the dashboard, the
/// workers' settings, and the addresses a person (and scripts) need once everything runs.</summary>
public static class MelMageResources
{
    public const string FlushVisualizationsCommand = "flush-visualizations";
    public const string RequeueFailedCommand = "requeue-failed";

    /// <summary>Locks the state folder for this AppHost, or ends the process with a message when another one runs on it.</summary>
    public static StateDirectory AcquireStateDirectory(this IDistributedApplicationBuilder builder)
    {
        var path = StateDirectory.Resolve(builder.Configuration[StateDirectory.ConfigurationKey], builder.AppHostDirectory);
        try
        {
            return StateDirectory.Acquire(path);
        }
        catch (StateDirectoryInUseException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Environment.Exit(3);
            throw;
        }
    }

    /// <summary>Dashboard command on Redis: deletes every cached visualization (they are recomputed on demand).</summary>
    public static IResourceBuilder<LocalRedisResource> WithFlushVisualizationsCommand(this IResourceBuilder<LocalRedisResource> redis) =>
        redis.WithCommand(FlushVisualizationsCommand, "Flush visualization cache", async context =>
        {
            var connection = await redis.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken);
            await using var client = await ConnectionMultiplexer.ConnectAsync(connection!);
            var deleted = 0L;
            foreach (var server in client.GetServers())
            {
                var keys = new List<RedisKey>();
                await foreach (var key in server.KeysAsync(pattern: VisualizationCacheKey.For("*", "*"), pageSize: 1000)) keys.Add(key);
                foreach (var chunk in keys.Chunk(1000)) deleted += await client.GetDatabase().KeyDeleteAsync(chunk);
            }
            return CommandResults.Success($"Deleted {deleted} cached visualizations.");
        }, new CommandOptions
        {
            Description = "Deletes every visualization cached in Redis; the API recomputes one when it is asked for again.",
            ConfirmationMessage = "Delete every cached visualization?",
            IconName = "Delete",
            UpdateState = context => context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

    /// <summary>Dashboard command on the API: every failed job goes back in the queue (an operator endpoint: the
    /// command sends the operator key).</summary>
    public static IResourceBuilder<ProjectResource> WithRequeueFailedCommand(this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ParameterResource> operatorKey) =>
        api.WithCommand(RequeueFailedCommand, "Re-queue failed jobs", async context =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(api.GetEndpoint("http").Url) };
            http.DefaultRequestHeaders.Add("X-Api-Key", await operatorKey.Resource.GetValueAsync(context.CancellationToken));
            using var response = await http.PostAsync("/api/operations/requeue-failed", null, context.CancellationToken);
            if (!response.IsSuccessStatusCode) return CommandResults.Failure($"The API answered {(int)response.StatusCode}.");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(context.CancellationToken);
            return CommandResults.Success($"Re-queued {body.GetProperty("requeued").GetInt32()} failed jobs.");
        }, new CommandOptions
        {
            Description = "Puts every failed job back in the queue; a worker classifies it again from its stored upload.",
            IconName = "ArrowRepeatAll",
            UpdateState = context => context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

    /// <summary>The AppHost's <c>Worker</c> configuration section (e.g. <c>Worker__BatchSize=32</c> in its
    /// environment) is passed to every worker replica; so is its <c>WorkerLogging</c> section, as the workers'
    /// <c>Logging</c> (e.g. <c>WorkerLogging__LogLevel__Default=Warning</c> → <c>Logging__LogLevel__Default</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithWorkerSettings(this IResourceBuilder<ProjectResource> worker, IConfiguration configuration)
    {
        Forward("Worker", "Worker");
        // A section of its own: the AppHost's Logging section configures the AppHost itself, and DCP hands the
        // AppHost's environment to every resource, so a Logging__ variable there would reach the API and the web
        // too. bench-pipeline quiets the worker but for its per-batch lines this way.
        Forward("WorkerLogging", "Logging");
        return worker;

        void Forward(string section, string prefix)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: true))
            {
                if (value is not null) worker.WithEnvironment(prefix + "__" + key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
    }

    /// <summary>Telemetry that costs the model less CPU: metrics exported every 5 s instead of Aspire's 1 s, and EF
    /// Core's per-command log lines (Information, one per SQL statement) left out of the console and OTLP logs; the
    /// Npgsql spans still carry every statement.</summary>
    public static IResourceBuilder<ProjectResource> WithQuietTelemetry(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment(context =>
        {
            context.EnvironmentVariables["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
            context.EnvironmentVariables["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Warning";
        });

    /// <summary>Once the web page is ready: prints where the page, the API and the dashboard are and writes them to
    /// <c>endpoints.json</c> in the state folder (scripts read it).</summary>
    public static void WriteEndpointsWhenReady(this IDistributedApplicationBuilder builder, StateDirectory state,
        IResourceBuilder<ProjectResource> web, IResourceBuilder<ProjectResource> api)
    {
        var dashboard = (builder.Configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(u => u.StartsWith("http", StringComparison.Ordinal))?.TrimEnd('/');
        var token = builder.Configuration["ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"];
        builder.Eventing.Subscribe<ResourceReadyEvent>(web.Resource, (@event, _) =>
        {
            var endpoints = new Dictionary<string, string?>
            {
                ["web"] = web.GetEndpoint("http").Url,
                ["api"] = api.GetEndpoint("http").Url,
                ["dashboard"] = dashboard,
                ["dashboardLogin"] = dashboard is null || token is null ? null : $"{dashboard}/login?t={token}",
                ["operatorKeyFile"] = state["secrets.json"],
            };
            File.WriteAllText(state["endpoints.json"], JsonSerializer.Serialize(endpoints, new JsonSerializerOptions { WriteIndented = true }));
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MelMage");
            logger.LogInformation("MelMage is ready. Web page: {Web}  API: {Api}  Dashboard: {Dashboard}  (also in {File})",
                endpoints["web"], endpoints["api"], endpoints["dashboardLogin"] ?? dashboard, state["endpoints.json"]);
            logger.LogInformation("Operator key (training, re-queue, all jobs): \"{Name}\" in {Secrets}, or the {Parameter} parameter in the dashboard",
                AccessResources.OperatorKeyParameter, state["secrets.json"], AccessResources.OperatorKeyParameter);
            return Task.CompletedTask;
        });
    }
}
