using System.Globalization;

namespace MelMage.Tests.AppHost;

/// <summary>Linux process facts from /proc: children, liveness, command lines and environments.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var pid in AllPids())
        {
            if (ParentOf(pid) is { } parent) parents[pid] = parent;
        }
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var (child, parent) in parents)
            {
                if (parent != current) continue;
                result.Add(child);
                frontier.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>Alive and not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    public static string Describe(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "(gone)";
        }
    }

    /// <summary>Live processes whose command line or environment contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> Mentioning(string text)
    {
        var result = new List<int>();
        foreach (var pid in AllPids())
        {
            if (!IsAlive(pid)) continue;
            foreach (var file in new[] { "cmdline", "environ" })
            {
                try
                {
                    if (File.ReadAllText($"/proc/{pid}/{file}").Contains(text, StringComparison.Ordinal))
                    {
                        result.Add(pid);
                        break;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        return result;
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("/bin/kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is not null && name.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture));

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
