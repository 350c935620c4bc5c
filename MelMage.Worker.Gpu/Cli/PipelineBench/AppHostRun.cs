using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MelMage.Worker.Gpu.Cli.PipelineBench;

/// <summary>
/// The whole system started the way a user starts it: the built AppHost (<c>dotnet MelMage.AppHost.dll</c>, from the
/// repository root) on a fresh state folder, with fixed free ports for the dashboard and a known key for its
/// telemetry API. Stopped with SIGTERM (the AppHost then stops every resource); whatever it started is killed if it
/// outlives it, and the folder is deleted.
/// </summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly HashSet<int> _seen = [];

    private AppHostRun(Process process, string stateDirectory, string dashboardApiKey)
    {
        _process = process;
        StateDirectory = stateDirectory;
        DashboardApiKey = dashboardApiKey;
    }

    public string StateDirectory { get; }

    public string DashboardApiKey { get; }

    public int Id => _process.Id;

    public Uri Api { get; private set; } = null!;

    /// <summary>How long after the AppHost's exit the last of its processes was gone.</summary>
    public TimeSpan StoppedAfter { get; private set; }

    public Uri Dashboard { get; private set; } = null!;

    /// <summary>The AppHost's own console (DCP's and the dashboard's start-up lines), for error messages.</summary>
    public string OutputTail(int lines = 40)
    {
        lock (_gate)
        {
            var all = _output.ToString().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
    }

    /// <param name="appHostDll">MelMage.AppHost/bin/CONFIG/net10.0/MelMage.AppHost.dll.</param>
    /// <param name="repositoryRoot">The working directory, as for <c>dotnet run --project MelMage.AppHost</c>.</param>
    /// <param name="settings">More environment: <c>Worker__*</c> (forwarded to the worker), <c>WorkerLogging__*</c>.</param>
    public static AppHostRun Start(string appHostDll, string repositoryRoot, IReadOnlyDictionary<string, string> settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"melmage-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // Postgres runs as Debian's postgres user when the AppHost runs as root: it must reach its data below.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(appHostDll);
        var environment = new Dictionary<string, string>
        {
            ["MELMAGE_STATE_DIR"] = folder,
            // A throwaway run: fsync off, no snapshots.
            ["MelMage__Servers__Durable"] = "false",
            // No trusted developer certificate here; the launch profile sets the same.
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["ASPNETCORE_URLS"] = Loopback(FreePort()),
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Loopback(FreePort()),
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Loopback(FreePort()),
            // The key of the dashboard's telemetry HTTP API, where the worker's log records are read back.
            ["AppHost__DashboardApiKey"] = apiKey,
        };
        foreach (var (key, value) in settings) environment[key] = value;
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info };
        var run = new AppHostRun(process, folder, apiKey);
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            DeleteFolder(folder);
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits for <c>endpoints.json</c>, which the AppHost writes once the web page is ready (and with it the
    /// API and everything the API waits for).</summary>
    public async Task WaitForEndpointsAsync(TimeSpan timeout, CancellationToken ct)
    {
        var file = Path.Combine(StateDirectory, "endpoints.json");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            RecordDescendants();
            if (File.Exists(file))
            {
                try
                {
                    var endpoints = JsonDocument.Parse(await File.ReadAllTextAsync(file, ct)).RootElement;
                    Api = new Uri(endpoints.GetProperty("api").GetString()!);
                    Dashboard = new Uri(endpoints.GetProperty("dashboard").GetString()!);
                    return;
                }
                catch (Exception ex) when (ex is JsonException or IOException)
                {
                    // Caught while it was being written; read it again.
                }
            }
            if (_process.HasExited) throw new InvalidOperationException($"The AppHost exited ({_process.ExitCode}):\n{OutputTail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No endpoints.json after {timeout.TotalSeconds:0} s:\n{OutputTail()}");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>Where the system's processes hang: the AppHost and DCP. DCP's API server does not stay below the
    /// AppHost (its parent becomes init); it names the AppHost it serves with <c>--monitor PID</c> and runs every
    /// resource below itself.</summary>
    public List<int> Roots(ProcessTable table)
    {
        var id = _process.Id.ToString(CultureInfo.InvariantCulture);
        var dcp = table.All.Where(e => e.Program == "dcp" && e.Arguments.Contains("start-apiserver")
            && e.Arguments.Zip(e.Arguments.Skip(1)).Any(p => p is ("--monitor", var pid) && pid == id)).Select(e => e.Pid);
        return [_process.Id, .. dcp];
    }

    /// <summary>Remembers every process of the system now (below the AppHost or DCP), so that none can outlive the
    /// run unnoticed.</summary>
    public ProcessTable RecordDescendants()
    {
        var table = ProcessTable.Read();
        foreach (var root in Roots(table))
        {
            if (root != _process.Id) _seen.Add(root);
            foreach (var entry in table.Descendants(root)) _seen.Add(entry.Pid);
        }
        return table;
    }

    /// <summary>SIGTERM, as a user's Ctrl-C in a terminal or systemd sends it; then waits for the AppHost to stop its
    /// resources and exit. Returns what was still alive afterwards and had to be killed (should be nothing).</summary>
    public async Task<List<string>> StopAsync(TimeSpan timeout)
    {
        var leftovers = new List<string>();
        if (!_process.HasExited)
        {
            RecordDescendants();
            ProcessTable.Signal(_process.Id, ProcessTable.SigTerm);
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                leftovers.Add($"{_process.Id} the AppHost (did not exit {timeout.TotalSeconds:0} s after SIGTERM)");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        // DCP finishes stopping the resources after the AppHost has exited (it watches the AppHost's PID), so wait for
        // that, then kill what is left of this run: every process once seen below the AppHost or DCP, and any that
        // names the state folder (DCP passes the AppHost's environment, MELMAGE_STATE_DIR included, to every resource).
        var watch = Stopwatch.StartNew();
        while (Survivors().Count > 0 && watch.Elapsed < timeout) await Task.Delay(250);
        StoppedAfter = watch.Elapsed;
        foreach (var (pid, description) in Survivors())
        {
            leftovers.Add($"{pid} {description}");
            ProcessTable.Signal(pid, ProcessTable.SigKill);
        }
        return leftovers;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(60));
        _process.Dispose();
        DeleteFolder(StateDirectory);
    }

    private List<(int Pid, string Description)> Survivors()
    {
        var table = ProcessTable.Read();
        var self = Environment.ProcessId;
        return [.. _seen.Where(table.IsAlive).Concat(MentioningStateFolder(table)).Distinct().Where(p => p != self)
            .Select(p => (p, table[p]?.CommandLine ?? "?"))];
    }

    private IEnumerable<int> MentioningStateFolder(ProcessTable table)
    {
        foreach (var pid in table.All.Select(e => e.Pid))
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid}/cmdline") + File.ReadAllText($"/proc/{pid}/environ");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (text.Contains(StateDirectory, StringComparison.Ordinal)) yield return pid;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _output.AppendLine(line);
            if (_output.Length > 1_000_000) _output.Remove(0, _output.Length - 500_000);
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not delete {folder}: {ex.Message}");
        }
    }

    private static string Loopback(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
