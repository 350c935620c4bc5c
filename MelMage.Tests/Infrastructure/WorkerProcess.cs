
namespace MelMage.Tests.Infrastructure;

/// <summary>The worker service as a separate process (the built melmage-worker.dll), so a test can kill it outright.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly ChildProcess _process;

    private WorkerProcess(ChildProcess process) => _process = process;

    public string Output => _process.RecentOutput;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> connectionStrings, int batchSize)
    {
        var dll = TestPaths.BuiltDll("MelMage.Worker.Gpu", "melmage-worker.dll");
        var environment = connectionStrings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["Worker__Untrained"] = "true";
        environment["Worker__BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["Logging__LogLevel__Default"] = "Information";
        return new WorkerProcess(ChildProcess.Start("dotnet", [dll], environment));
    }

    /// <summary>SIGKILL of the process tree: no shutdown, no acknowledgements, as in a crash.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
