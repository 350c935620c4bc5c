using System.Text.Json;
using MelMage.AppHost.Dashboard;

namespace MelMage.AppHost.Hosting;

/// <summary>Starts every resource's supervisor, prints and writes the addresses, and on shutdown stops the resources
/// in reverse declaration order (services before the servers they use). Stopping happens in <see cref="StoppingAsync"/>,
/// before any hosted service stops, so the dashboard still receives the services' last telemetry (otherwise their
/// exporters retry against a closed port and each shutdown takes seconds longer).</summary>
internal sealed partial class Orchestrator(
    DistributedApplication application,
    TelemetryStore telemetry,
    IHostApplicationLifetime lifetime,
    ILogger<Orchestrator> logger) : IHostedLifecycleService
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Task> _supervisors = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        foreach (var resource in application.Resources) _supervisors.Add(resource.SuperviseAsync(_shutdown.Token));
        _ = ReportReadyAsync(_shutdown.Token);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        LogStopping(application.Resources.Count);
        await _shutdown.CancelAsync();
        await Task.WhenAll(_supervisors);
        foreach (var resource in application.Resources.Reverse())
        {
            try
            {
                await resource.ShutdownAsync();
                LogStopped(resource.Name);
            }
            catch (Exception ex)
            {
                LogStopFailed(ex, resource.Name);
            }
        }
        telemetry.Flush();
    }

    private void Announce()
    {
        var builder = application.Builder;
        var projects = application.Resources.OfType<ProjectResource>().ToList();
        string? Url(string name) => projects.FirstOrDefault(p => p.Name == name || p.ServiceName == name)?.HttpUrl;
        var endpoints = new Dictionary<string, string?>
        {
            ["web"] = Url("web"),
            ["api"] = Url("api"),
            ["dashboard"] = builder.DashboardUrl,
            ["dashboardLogin"] = $"{builder.DashboardUrl}/login?t={builder.DashboardToken}",
        };
        var file = Path.Combine(builder.StateDirectory, "endpoints.json");
        File.WriteAllText(file, JsonSerializer.Serialize(endpoints, new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Console.WriteLine($"MelMage: state in {builder.StateDirectory}, {builder.Workers} worker(s)");
        Console.WriteLine($"  web:       {endpoints["web"]}");
        Console.WriteLine($"  api:       {endpoints["api"]}");
        Console.WriteLine($"  dashboard: {builder.DashboardUrl}");
        Console.WriteLine($"Login to the dashboard at {endpoints["dashboardLogin"]}");
        Console.WriteLine($"(addresses written to {file}; Ctrl-C stops everything)");
    }

    private async Task ReportReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(application.Resources.Select(r => r.WaitUntilReadyAsync(cancellationToken)));
            Console.WriteLine("MelMage: all resources are running and healthy.");
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping {Count} resources in reverse order")]
    private partial void LogStopping(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped {Resource}")]
    private partial void LogStopped(string resource);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping {Resource} failed")]
    private partial void LogStopFailed(Exception exception, string resource);
}
