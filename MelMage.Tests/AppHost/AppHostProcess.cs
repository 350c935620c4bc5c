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

    /// <summary>A client logged in to the dashboard (the cookie set by /login?t=TOKEN).</summary>
    public HttpClient Dashboard { get; private set; } = null!;

    public HttpClient Web { get; private set; } = null!;

    public static string NewStateDirectory()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"melmage-apphost-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // Postgres runs as the postgres user when the tests run as root: the folder must be reachable.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        return folder;
    }

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

    /// <summary>Polls the dashboard until every resource runs and is healthy.</summary>
    public async Task<List<ResourceView>> WaitUntilAllHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var resources = await ResourcesAsync();
            if (resources.All(r => r is { State: "Running", Health: "Healthy" })) return resources;
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Not all resources became healthy: "
                    + string.Join(", ", resources.Select(r => $"{r.Name}={r.State}/{r.Health}")) + "\n" + Output);
            }
            RecordDescendants();
            await Task.Delay(500);
        }
    }

    public async Task<List<ResourceView>> ResourcesAsync() =>
        (await Dashboard.GetFromJsonAsync<List<ResourceView>>("/api/resources", Json))!;

    /// <summary>Remembers every process below the AppHost now (called along the way, so that short-lived or
    /// daemonising children are known too).</summary>
    public void RecordDescendants()
    {
        foreach (var pid in ProcessTree.Descendants(_process.Id)) _seenDescendants.Add(pid);
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
        Dashboard?.Dispose();
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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(file) || !Output.Contains("Login to the dashboard at", StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException("The AppHost exited:\n" + Output);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No endpoints.json after 60 s:\n" + Output);
            await Task.Delay(200);
        }
        Addresses = JsonSerializer.Deserialize<Endpoints>(await File.ReadAllTextAsync(file), Json)!;
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        Dashboard = new HttpClient(handler) { BaseAddress = new Uri(Addresses.Dashboard), Timeout = TimeSpan.FromSeconds(30) };
        using var login = await Dashboard.GetAsync(new Uri(Addresses.DashboardLogin));
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Login answered {login.StatusCode}.");
        Web = new HttpClient { BaseAddress = new Uri(Addresses.Web), Timeout = TimeSpan.FromSeconds(60) };
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _output.AppendLine(line);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Endpoints(string Web, string Api, string Dashboard, string DashboardLogin);

    public sealed record ResourceView(string Name, string Type, string State, string? Health, int Restarts, int? Pid,
        double? UptimeSeconds, List<EndpointView> Endpoints, List<EnvironmentVariable> Environment);

    public sealed record EndpointView(string Name, string Url, bool External);

    public sealed record EnvironmentVariable(string Name, string Value);

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
