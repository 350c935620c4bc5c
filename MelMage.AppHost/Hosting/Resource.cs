namespace MelMage.AppHost.Hosting;

/// <summary>Something the AppHost runs: a server or a project. The base class is the supervisor: it waits for what the
/// resource waits for, starts it, watches it, restarts it with exponential backoff when it dies, and obeys the
/// dashboard's stop/start/restart. Subclasses only say how to start, stop and probe the process.</summary>
public abstract class Resource
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    /// <summary>A resource that ran this long without dying is stable again: the next crash starts the backoff anew.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _commandSignal = new(0);
    private volatile string? _command;

    protected Resource(string name, string type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    /// <summary>"Project", "Postgres", "PostgresDatabase", "Redis", "RabbitMQ".</summary>
    public string Type { get; }

    public List<Resource> WaitsFor { get; } = [];

    public ConsoleLog Console { get; private set; } = new(null);

    public string State { get; private set; } = ResourceState.NotStarted;

    /// <summary>"Healthy", "Unhealthy" or null while not running.</summary>
    public string? Health { get; protected set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public int Restarts { get; private set; }

    public int? ExitCode { get; private set; }

    public abstract int? ProcessId { get; }

    /// <summary>Addresses to show as links (name → URL).</summary>
    public virtual IReadOnlyList<ResourceEndpoint> Endpoints => [];

    /// <summary>The environment the process gets, or the settings that describe a server; secrets are masked by the
    /// dashboard, not here.</summary>
    public virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();

    public bool IsReady => State == ResourceState.Running && Health == "Healthy";

    internal void UseConsoleFile(string file) => Console = new ConsoleLog(file);

    /// <summary>Starts the process; returns when it runs (servers: when their protocol answers).</summary>
    protected abstract Task StartProcessAsync(CancellationToken cancellationToken);

    /// <summary>Stops the process cleanly and, failing that, kills its tree. Safe to call when nothing runs.</summary>
    public abstract Task StopProcessAsync();

    protected abstract bool HasExited { get; }

    protected virtual int? LastExitCode => null;

    /// <summary>Health while running; the default is "alive means healthy", as Aspire treats a resource without
    /// health checks.</summary>
    protected virtual Task<bool> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(!HasExited);

    public void RequestStop() => Command("stop");

    public void RequestStart() => Command("start");

    public void RequestRestart() => Command("restart");

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (!IsReady) await Task.Delay(250, cancellationToken);
    }

    /// <summary>The supervisor loop; ends when <paramref name="shutdown"/> fires, leaving the process to the
    /// orchestrator, which stops everything in reverse order.</summary>
    internal async Task SuperviseAsync(CancellationToken shutdown)
    {
        var failures = 0;
        try
        {
            while (!shutdown.IsCancellationRequested)
            {
                if (WaitsFor.Count > 0 && !WaitsFor.All(r => r.IsReady))
                {
                    State = ResourceState.Waiting;
                    Console.Append($"waiting for {string.Join(", ", WaitsFor.Where(r => !r.IsReady).Select(r => r.Name))}", system: true);
                    await Task.WhenAll(WaitsFor.Select(r => r.WaitUntilReadyAsync(shutdown)));
                }

                State = ResourceState.Starting;
                Health = null;
                ExitCode = null;
                try
                {
                    await StartProcessAsync(shutdown);
                }
                catch (Exception ex) when (!shutdown.IsCancellationRequested)
                {
                    State = ResourceState.FailedToStart;
                    Console.Append($"failed to start: {ex.Message}", system: true);
                    await StopProcessAsync();
                    failures++;
                    Restarts++;
                    if (await BackoffAsync(failures, shutdown) == "stop") await StayStoppedAsync(shutdown);
                    continue;
                }
                StartedAt = DateTimeOffset.UtcNow;
                State = ResourceState.Running;
                Console.Append($"running (pid {ProcessId})", system: true);

                var outcome = await WatchAsync(shutdown);
                if (outcome == "shutdown") return;
                if (outcome is "stop" or "restart")
                {
                    State = ResourceState.Stopping;
                    Console.Append($"{outcome} requested from the dashboard", system: true);
                    await StopProcessAsync();
                    Health = null;
                    if (outcome == "restart")
                    {
                        Restarts++;
                        failures = 0;
                        continue;
                    }
                    await StayStoppedAsync(shutdown);
                    failures = 0;
                    continue;
                }

                // It died on its own.
                ExitCode = LastExitCode;
                State = ResourceState.Exited;
                Health = null;
                Console.Append($"exited unexpectedly (code {ExitCode?.ToString() ?? "?"})", system: true);
                await StopProcessAsync();
                failures = DateTimeOffset.UtcNow - StartedAt > StableAfter ? 1 : failures + 1;
                Restarts++;
                if (await BackoffAsync(failures, shutdown) == "stop") await StayStoppedAsync(shutdown);
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }
    }

    /// <summary>Marks the resource as being stopped by the orchestrator (at shutdown) and stops it.</summary>
    internal async Task ShutdownAsync()
    {
        if (State is ResourceState.Running or ResourceState.Starting or ResourceState.Waiting or ResourceState.Exited
            or ResourceState.FailedToStart)
        {
            State = ResourceState.Stopping;
        }
        await StopProcessAsync();
        State = ResourceState.Stopped;
        Health = null;
    }

    private void Command(string command)
    {
        _command = command;
        _commandSignal.Release();
    }

    private string? TakeCommand()
    {
        var command = _command;
        _command = null;
        return command;
    }

    /// <summary>Watches a running process: exit, commands, and health (probed every second until healthy, then every
    /// five seconds).</summary>
    private async Task<string> WatchAsync(CancellationToken shutdown)
    {
        var nextProbe = DateTimeOffset.MinValue;
        while (true)
        {
            if (shutdown.IsCancellationRequested) return "shutdown";
            var command = TakeCommand();
            if (command is "stop" or "restart") return command;
            if (HasExited) return "exited";
            if (DateTimeOffset.UtcNow >= nextProbe)
            {
                bool healthy;
                try
                {
                    using var probe = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
                    probe.CancelAfter(TimeSpan.FromSeconds(5));
                    healthy = await CheckHealthAsync(probe.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException
                                               or InvalidOperationException)
                {
                    healthy = false;
                }
                if (shutdown.IsCancellationRequested) return "shutdown";
                Health = healthy ? "Healthy" : "Unhealthy";
                nextProbe = DateTimeOffset.UtcNow + (healthy ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1));
            }
            await _commandSignal.WaitAsync(TimeSpan.FromMilliseconds(250), shutdown);
        }
    }

    /// <summary>Waits 1 s, 2 s, 4 s … (at most 30 s) before the next attempt; a stop or restart command cuts it short.</summary>
    private async Task<string?> BackoffAsync(int failures, CancellationToken shutdown)
    {
        var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks << Math.Min(failures - 1, 10)));
        Console.Append($"restarting in {delay.TotalSeconds:0} s", system: true);
        var until = DateTimeOffset.UtcNow + delay;
        while (DateTimeOffset.UtcNow < until)
        {
            if (TakeCommand() is { } command) return command;
            await _commandSignal.WaitAsync(TimeSpan.FromMilliseconds(250), shutdown);
        }
        return null;
    }

    private async Task StayStoppedAsync(CancellationToken shutdown)
    {
        State = ResourceState.Stopped;
        Health = null;
        Console.Append("stopped", system: true);
        while (TakeCommand() is not ("start" or "restart"))
        {
            await _commandSignal.WaitAsync(TimeSpan.FromMilliseconds(250), shutdown);
        }
    }
}

public sealed record ResourceEndpoint(string Name, string Url, bool External);
