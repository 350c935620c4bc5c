using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MelMage.Tests.Faults;

/// <summary>Stops and starts a server of the fixture with Aspire's own resource commands (what the dashboard's
/// Stop/Start buttons do: DCP stops the process with SIGTERM and starts it again on the same data and address).</summary>
public static class ServerControl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task StopAsync(DistributedApplication app, string name)
    {
        var result = await app.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand);
        Assert.True(result.Success, $"stopping {name}: {result.Message}");
        using var timeout = new CancellationTokenSource(Timeout);
        await app.ResourceNotifications.WaitForResourceAsync(name,
            e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), timeout.Token);
    }

    public static async Task StartAsync(DistributedApplication app, string name)
    {
        var after = DateTime.UtcNow.AddSeconds(-1);
        var result = await app.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand);
        Assert.True(result.Success, $"starting {name}: {result.Message}");
        using var timeout = new CancellationTokenSource(Timeout);
        await app.ResourceNotifications.WaitForResourceAsync(name,
            e => e.Snapshot.StartTimeStamp > after && e.Snapshot.State?.Text == KnownResourceStates.Running
                 && e.Snapshot.HealthStatus == HealthStatus.Healthy, timeout.Token);
    }
}
