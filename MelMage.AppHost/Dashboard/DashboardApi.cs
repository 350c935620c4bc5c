using MelMage.AppHost.Hosting;

namespace MelMage.AppHost.Dashboard;

/// <summary>The JSON API behind the page (and used by the tests).</summary>
public static class DashboardApi
{
    public static void MapDashboardApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");

        api.MapGet("/resources", (DistributedApplication app) => app.Resources.Select(Describe));

        api.MapGet("/resources/{name}", (string name, DistributedApplication app) =>
            Find(app, name) is { } resource ? Results.Ok(Describe(resource)) : Results.NotFound());

        api.MapPost("/resources/{name}/{action}", (string name, string action, DistributedApplication app) =>
        {
            if (Find(app, name) is not { } resource) return Results.NotFound();
            switch (action)
            {
                case "restart": resource.RequestRestart(); break;
                case "stop": resource.RequestStop(); break;
                case "start": resource.RequestStart(); break;
                default: return Results.BadRequest(new { error = "action is restart, stop or start" });
            }
            return Results.Accepted($"/api/resources/{name}", Describe(resource));
        });

        api.MapGet("/resources/{name}/console", (string name, long? after, DistributedApplication app) =>
        {
            if (Find(app, name) is not { } resource) return Results.NotFound();
            var lines = resource.Console.Since(after ?? 0);
            return Results.Ok(new { lines, next = lines.Count > 0 ? lines[^1].Sequence : after ?? 0 });
        });

        api.MapGet("/logs", (TelemetryStore store, string? resource, string? level, string? q, string? traceId, int? limit) =>
            store.Logs(resource, MinSeverity(level), q, traceId, Math.Clamp(limit ?? 200, 1, 2000)));

        api.MapGet("/traces", (TelemetryStore store, string? resource, string? q, int? limit) =>
            store.Traces(resource, q, Math.Clamp(limit ?? 100, 1, 1000)));

        api.MapGet("/traces/{traceId}", (string traceId, TelemetryStore store) =>
            store.Trace(traceId) is { } spans ? Results.Ok(new { traceId, spans }) : Results.NotFound());

        api.MapGet("/metrics", (TelemetryStore store) => store.Instruments());

        api.MapGet("/metrics/{name}", (string name, string? resource, TelemetryStore store) => store.Series(name, resource));
    }

    private static Resource? Find(DistributedApplication app, string name) =>
        app.Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    private static object Describe(Resource resource) => new
    {
        name = resource.Name,
        type = resource.Type,
        state = resource.State,
        health = resource.Health,
        startedAt = resource.StartedAt,
        uptimeSeconds = resource.State == ResourceState.Running && resource.StartedAt is { } started
            ? Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds)
            : (double?)null,
        restarts = resource.Restarts,
        pid = resource.ProcessId,
        exitCode = resource.ExitCode,
        endpoints = resource.Endpoints,
        waitsFor = resource.WaitsFor.Select(w => w.Name),
        environment = resource.Environment
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new { name = e.Key, value = SecretMasker.MaskValue(e.Key, e.Value) }),
    };

    private static int MinSeverity(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" => 5,
        "information" or "info" => 9,
        "warning" or "warn" => 13,
        "error" => 17,
        "critical" or "fatal" => 21,
        _ => 0,
    };
}
