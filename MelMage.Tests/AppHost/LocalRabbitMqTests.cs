extern alias apphost;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using apphost::MelMage.AppHost.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MelMage.Tests.Faults;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary>The RabbitMQ node of <c>AddLocalRabbitMQ</c> uses only the epmd of its <c>rabbitmq-epmd</c> resource. An
/// Erlang VM that finds no epmd starts one as a daemon, which leaves the AppHost's process tree and outlives it.</summary>
[Collection(AppHostCollection.Name)]
public sealed class LocalRabbitMqTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"melmage-epmd-{Guid.NewGuid():N}");
    private DistributedApplication? _app;

    [Fact]
    public async Task ErlangVmWithTheNodesEnvironment_FindingNoEpmd_DoesNotStartADaemon()
    {
        var app = _app!;
        var (port, environment) = Node();
        Assert.Contains("name melmage at port", await EpmdNamesAsync(port));
        Assert.Empty(StrayEpmds());

        // What RabbitMQ's boot does before it starts distribution (its "epmd-starter"), and what the node's own VM
        // does, when epmd is not listening yet or any more: an Erlang VM with a short node name and the node's
        // environment. Without -start_epmd false it launches `epmd -daemon` on the node's port, outside every tree.
        await ServerControl.StopAsync(app, "rabbitmq");
        await ServerControl.StopAsync(app, "rabbitmq-epmd");
        Assert.False(await ListensAsync(port));
        var (exitCode, text) = await RunErlangAsync(environment);
        output.WriteLine($"erl without epmd: exit {exitCode}: {text.Trim()}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a daemon forks away from erl; give it time to bind
        Assert.Empty(StrayEpmds());
        Assert.False(await ListensAsync(port), $"an epmd listens on the node's port {port} after the VM ran");

        // With its epmd back the node starts again and registers there.
        await ServerControl.StartAsync(app, "rabbitmq-epmd");
        await ServerControl.StartAsync(app, "rabbitmq");
        Assert.Contains("name melmage at port", await EpmdNamesAsync(port));
        Assert.Empty(StrayEpmds());
    }

    public async Task InitializeAsync()
    {
        // The AppHost's own declarations (Program.cs), keeping only the RabbitMQ node and its epmd.
        string[] args = [$"{StateDirectory.ConfigurationKey}={_root}", $"{LocalServers.DurableKey}=false"];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(LocalServers), args,
            (options, _) => options.DisableDashboard = true);
        foreach (var resource in builder.Resources.Where(r => r is not ParameterResource && !r.Name.StartsWith("rabbitmq", StringComparison.Ordinal)).ToList())
            builder.Resources.Remove(resource);
        _app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("rabbitmq", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        // A safety net for a failed test: no daemon of this run may outlive it.
        foreach (var pid in StrayEpmds()) ProcessTree.Signal(pid, "KILL");
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>epmd processes that carry this run's folder in their environment: daemons started by one of its
    /// Erlang VMs (the resource's epmd is started by the orchestrator and does not).</summary>
    private List<int> StrayEpmds() =>
        ProcessTree.Mentioning(_root).Where(p => ProcessTree.Describe(p).Split(' ')[0].EndsWith("epmd", StringComparison.Ordinal)).ToList();

    /// <summary>The running node's environment and the epmd port it was given (ERL_EPMD_PORT).</summary>
    private (int Port, Dictionary<string, string> Environment) Node()
    {
        foreach (var pid in ProcessTree.Mentioning(_root))
        {
            if (!ProcessTree.Describe(pid).Contains("beam", StringComparison.Ordinal)) continue;
            var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
            if (environment.TryGetValue("ERL_EPMD_PORT", out var port))
                return (int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), environment);
        }
        throw new InvalidOperationException("No RabbitMQ node of this run found.");
    }

    private static async Task<(int ExitCode, string Output)> RunErlangAsync(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("erl") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Clear();
        foreach (var (key, value) in environment) info.Environment[key] = value;
        foreach (var argument in new[] { "-boot", "no_dot_erlang", "-sname", "epmd-probe", "-noinput", "-s", "erlang", "halt" })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> EpmdNamesAsync(int port)
    {
        var info = new ProcessStartInfo("epmd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-names" })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
