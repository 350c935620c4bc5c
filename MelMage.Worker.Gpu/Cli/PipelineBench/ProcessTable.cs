using System.Globalization;
using System.Runtime.InteropServices;

namespace MelMage.Worker.Gpu.Cli.PipelineBench;

/// <summary>
/// One snapshot of Linux's /proc: every process's parent, command line and CPU seconds (user + system). The pipeline
/// benchmark finds the system's processes below the AppHost with it (DCP starts them; their PIDs are nowhere else)
/// and tells who shared the cores with the model. Empty where /proc is not there.
/// </summary>
internal sealed partial class ProcessTable
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Dictionary<int, Entry> _entries;
    private readonly ILookup<int, int> _children;

    private ProcessTable(Dictionary<int, Entry> entries)
    {
        _entries = entries;
        _children = entries.Values.ToLookup(e => e.Parent, e => e.Pid);
    }

    public sealed record Entry(int Pid, int Parent, string Name, string[] Arguments, double CpuSeconds)
    {
        public string CommandLine => string.Join(' ', Arguments);

        /// <summary>The file name of argv[0] (<c>/usr/lib/erlang/erts-13/bin/beam.smp</c> → <c>beam.smp</c>).</summary>
        public string Program => Arguments.Length > 0 ? Path.GetFileName(Arguments[0]) : Name;
    }

    public static ProcessTable Read()
    {
        var entries = new Dictionary<int, Entry>();
        if (!Directory.Exists("/proc")) return new ProcessTable(entries);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name is in parentheses and may hold spaces: the other fields start after the last ')'.
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                if (fields[0] is "Z" or "X") continue;
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                entries[pid] = new Entry(pid, parent, stat[(open + 1)..close], arguments, ticks / TicksPerSecond);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone between the listing and the read, or not ours to read.
            }
        }
        return new ProcessTable(entries);
    }

    public IEnumerable<Entry> Descendants(int root)
    {
        var pending = new Stack<int>(_children[root]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!_entries.TryGetValue(pid, out var entry)) continue;
            yield return entry;
            foreach (var child in _children[pid]) pending.Push(child);
        }
    }

    /// <summary>The processes below <paramref name="roots"/> that match and have no matching process below them: the
    /// server itself rather than the <c>sh</c> or <c>dotnet run</c> that started it.</summary>
    public List<int> Innermost(IEnumerable<int> roots, Func<Entry, bool> match)
    {
        var matching = roots.SelectMany(Descendants).Where(match).Select(e => e.Pid).ToHashSet();
        return [.. matching.Where(pid => !Descendants(pid).Any(d => matching.Contains(d.Pid)))];
    }

    /// <summary>CPU seconds of these processes and everything below them (Postgres's backends, Erlang's helpers).</summary>
    public double CpuSecondsOfTrees(IEnumerable<int> roots)
    {
        var seen = new HashSet<int>();
        var total = 0.0;
        foreach (var root in roots)
        {
            if (!_entries.TryGetValue(root, out var entry) || !seen.Add(root)) continue;
            total += entry.CpuSeconds;
            total += Descendants(root).Where(d => seen.Add(d.Pid)).Sum(d => d.CpuSeconds);
        }
        return total;
    }

    public IEnumerable<Entry> All => _entries.Values;

    public bool IsAlive(int pid) => _entries.ContainsKey(pid);

    public Entry? this[int pid] => _entries.GetValueOrDefault(pid);

    /// <summary>Sends a POSIX signal (SIGTERM: 15); .NET's <c>Process.Kill</c> only sends SIGKILL.</summary>
    public static bool Signal(int pid, int signal) => OperatingSystem.IsWindows() || kill(pid, signal) == 0;

    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
