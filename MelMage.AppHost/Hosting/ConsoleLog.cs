namespace MelMage.AppHost.Hosting;

/// <summary>What a resource writes to stdout/stderr: the last lines in memory for the dashboard (numbered, so a page
/// can ask for what is new), and all of them appended to a file in the state folder, which is cut back when it grows
/// past its cap.</summary>
public sealed class ConsoleLog
{
    private const int Capacity = 5000;
    private const long FileCap = 8 * 1024 * 1024;
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _gate = new();
    private readonly string? _file;
    private long _next = 1;

    public ConsoleLog(string? file)
    {
        _file = file;
        if (file is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (File.Exists(file) && new FileInfo(file).Length > FileCap) File.Move(file, file + ".1", overwrite: true);
    }

    public void Append(string text, bool system = false)
    {
        var line = new ConsoleLine(0, DateTimeOffset.UtcNow, text, system);
        lock (_gate)
        {
            line = line with { Sequence = _next++ };
            _lines.Enqueue(line);
            while (_lines.Count > Capacity) _lines.Dequeue();
            if (_file is null) return;
            try
            {
                File.AppendAllText(_file, $"{line.Time:O} {(system ? "[apphost] " : "")}{text}\n");
            }
            catch (IOException)
            {
                // The console stays visible in the dashboard even when the disk refuses the copy.
            }
        }
    }

    /// <summary>Lines numbered above <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<ConsoleLine> Since(long after)
    {
        lock (_gate) return _lines.Where(l => l.Sequence > after).ToList();
    }
}

public sealed record ConsoleLine(long Sequence, DateTimeOffset Time, string Text, bool System);
