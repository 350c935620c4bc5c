using System.Diagnostics;

namespace MelMage.AppHost.Hosting;

/// <summary>
/// Keeps the AppHost alive until Aspire's orchestrator (DCP) has stopped every resource and exited.
/// </summary>
/// <remarks>
/// On Ctrl-C or SIGTERM the AppHost returns from <c>Run</c> within a second and leaves the stopping to DCP, whose
/// standard output is a pipe into this process. Once this process is gone, DCP's next log line kills it with SIGPIPE,
/// and when DCP dies its process monitors SIGKILL every resource's process tree: a Postgres still writing its shutdown
/// checkpoint (slow on a loaded machine) is then left "in production" or "shutting down" and recovers from its WAL on
/// the next start. Waiting here for DCP's own processes (found by the <c>--monitor PID</c> it was started with, and
/// the kubeconfig they share) keeps the pipe open until the stop is done; it also keeps the state folder's lock, so a
/// new AppHost cannot start on servers that are still stopping. Linux only (it reads /proc); elsewhere it returns.
/// </remarks>
public static class OrchestratorExit
{
    public static void Wait(TimeSpan limit)
    {
        if (!OperatingSystem.IsLinux()) return;
        var started = Stopwatch.StartNew();
        var dcp = OrchestratorProcesses();
        if (dcp.Count == 0) return;
        Console.WriteLine($"Waiting for Aspire's orchestrator to stop every resource (at most {limit.TotalSeconds:0} s) ...");
        while (dcp.Count > 0 && started.Elapsed < limit)
        {
            Thread.Sleep(250);
            dcp.RemoveWhere(pid => !Directory.Exists($"/proc/{pid}"));
        }
        Console.WriteLine(dcp.Count == 0
            ? $"Every resource stopped ({started.Elapsed.TotalSeconds:0.0} s)."
            : $"The orchestrator was still running after {limit.TotalSeconds:0} s; leaving it to finish on its own.");
    }

    /// <summary>DCP's API server (started with <c>--monitor</c> this process) and every DCP process that shares its
    /// kubeconfig (the controllers that run the resources).</summary>
    private static HashSet<int> OrchestratorProcesses()
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var all = new Dictionary<int, string[]>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (args.Length > 0 && Path.GetFileName(args[0]) == "dcp") all[pid] = args;
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        var kubeconfigs = all.Values.Where(a => Follows(a, "--monitor", me)).Select(a => Value(a, "--kubeconfig"))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        return all.Where(p => Follows(p.Value, "--monitor", me) || Value(p.Value, "--kubeconfig") is { } k && kubeconfigs.Contains(k))
            .Select(p => p.Key).ToHashSet();
    }

    private static bool Follows(string[] args, string option, string value) => Value(args, option) == value;

    private static string? Value(string[] args, string option)
    {
        var i = Array.IndexOf(args, option);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
