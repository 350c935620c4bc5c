using System.Globalization;

namespace MelMage.AppHost.Bench;

/// <summary>CPU seconds (user + system) used so far by a process and everything below it, read from /proc; zero where
/// /proc is not there. Tells the benchmark who shared the cores with the model.</summary>
internal static class CpuTime
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double OfTree(int root)
    {
        if (!Directory.Exists("/proc")) return 0;
        var stats = new List<(int Pid, int Parent, double Seconds)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name is in parentheses and may hold spaces: fields start after the last ')'.
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                stats.Add((pid, parent, ticks / TicksPerSecond));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        var children = stats.ToLookup(s => s.Parent);
        var total = 0.0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!seen.Add(pid)) continue;
            total += stats.Where(s => s.Pid == pid).Sum(s => s.Seconds);
            foreach (var child in children[pid]) pending.Push(child.Pid);
        }
        return total;
    }
}
