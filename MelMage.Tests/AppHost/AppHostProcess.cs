using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.AppHost;

/// <summary>The AppHost started as a user starts it (<c>dotnet MelMage.AppHost.dll</c>, built in the tests'
/// configuration) with a fresh state folder; knows its process tree so a test can prove nothing outlives it.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly HashSet<int> _seenDescendants = [];

    private AppHostProcess(Process process, string stateDirectory)
    {
        _process = process;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate) return _output.ToString();
        }
    }

    public Endpoints Addresses { get; private set; } = null!;

    public HttpClient Web { get; private set; } = null!;

    public static async Task<AppHostProcess> StartAsync(string stateDirectory, params string[] arguments)
    {
        var dll = TestPaths.BuiltDll("MelMage.AppHost", "MelMage.AppHost.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["MELMAGE_STATE_DIR"] = stateDirectory;
        // What `dotnet run` takes from Properties/launchSettings.json, on free ports.
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        info.Environment.Remove("ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"); // the AppHost makes its own, as for a user
        var process = new Process { StartInfo = info };
        var host = new AppHostProcess(process, stateDirectory);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.ConnectAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    /// <summary>Remembers every process below the AppHost now (called along the way, so that short-lived or
    /// daemonising children are known too).</summary>
    public void RecordDescendants()
    {
        foreach (var pid in ProcessTree.Descendants(_process.Id)) _seenDescendants.Add(pid);
        // Aspire's orchestrator (DCP) detaches from the AppHost; it and every resource it runs are found by the
        // AppHost's process id that DCP monitors.
        foreach (var dcp in ProcessTree.Mentioning($"--monitor\0{_process.Id.ToString(CultureInfo.InvariantCulture)}\0"))
        {
            _seenDescendants.Add(dcp);
            foreach (var pid in ProcessTree.Descendants(dcp)) _seenDescendants.Add(pid);
        }
    }

    /// <summary>SIGKILL of the AppHost alone, as an OOM killer or a crash would end it.</summary>
    public void KillAppHostOnly()
    {
        RecordDescendants();
        ProcessTree.Signal(_process.Id, "KILL");
        _process.WaitForExit();
    }

    /// <summary>Waits until nothing of this run is left (see <see cref="Leftovers"/>); returns how long it took.</summary>
    public async Task<TimeSpan> WaitUntilNothingLeftAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Leftovers().Count > 0)
        {
            if (clock.Elapsed > timeout) throw new TimeoutException("Still running: " + string.Join("; ", Leftovers()));
            await Task.Delay(500);
        }
        return clock.Elapsed;
    }

    public IReadOnlyCollection<int> SeenDescendants => _seenDescendants;

    /// <summary>SIGTERM, as systemd or <c>kill</c> sends it, then waits for the AppHost to exit by itself.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        RecordDescendants();
        ProcessTree.Signal(_process.Id, "TERM");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Processes still alive that were children of the AppHost, or that carry the state folder in their
    /// command line or environment (a daemon that left the tree).</summary>
    public List<string> Leftovers()
    {
        var alive = _seenDescendants.Where(ProcessTree.IsAlive).Select(p => $"{p} {ProcessTree.Describe(p)}").ToList();
        alive.AddRange(ProcessTree.Mentioning(StateDirectory).Where(p => p != Environment.ProcessId)
            .Select(p => $"{p} {ProcessTree.Describe(p)} (mentions the state folder)"));
        return alive.Distinct().ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Web?.Dispose();
        if (!_process.HasExited)
        {
            RecordDescendants();
            try
            {
                await TerminateAsync(TimeSpan.FromSeconds(90));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        // A safety net for a failed test: nothing of this run may survive the test run.
        foreach (var pid in _seenDescendants.Where(ProcessTree.IsAlive)) ProcessTree.Signal(pid, "KILL");
        _process.Dispose();
    }

    private async Task ConnectAsync()
    {
        var file = Path.Combine(StateDirectory, "endpoints.json");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!Output.Contains("MelMage is ready.", StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException("The AppHost exited:\n" + Output);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Not ready after 5 minutes:\n" + Output);
            RecordDescendants();
            await Task.Delay(250);
        }
        RecordDescendants();
        Addresses = JsonSerializer.Deserialize<Endpoints>(await File.ReadAllTextAsync(file), Json)!;
        Web = new HttpClient { BaseAddress = new Uri(Addresses.Web), Timeout = TimeSpan.FromSeconds(60) };
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Endpoints(string Web, string Api, string Dashboard, string DashboardLogin);

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
