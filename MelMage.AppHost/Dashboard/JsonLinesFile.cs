using System.Text.Json;

namespace MelMage.AppHost.Dashboard;

/// <summary>An append-only JSON-lines file with one generation of rotation: past <c>maxBytes</c> the file becomes
/// <c>NAME.1</c> (replacing the previous one), so the pair never holds more than twice the cap.</summary>
public sealed class JsonLinesFile<T>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();

    public JsonLinesFile(string path, long maxBytes)
    {
        _path = path;
        _maxBytes = maxBytes;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    public void Append(IEnumerable<T> items)
    {
        var lines = items.Select(i => JsonSerializer.Serialize(i, Json)).ToList();
        if (lines.Count == 0) return;
        lock (_gate)
        {
            try
            {
                if (File.Exists(_path) && new FileInfo(_path).Length > _maxBytes) File.Move(_path, _path + ".1", overwrite: true);
                File.AppendAllLines(_path, lines);
            }
            catch (IOException)
            {
                // Telemetry stays in memory when the disk refuses it.
            }
        }
    }

    /// <summary>The older generation first, then the current file; lines that do not parse (a torn last write) are
    /// skipped.</summary>
    public IEnumerable<T> ReadAll()
    {
        foreach (var file in new[] { _path + ".1", _path })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file))
            {
                T? item;
                try
                {
                    item = JsonSerializer.Deserialize<T>(line, Json);
                }
                catch (JsonException)
                {
                    continue;
                }
                if (item is not null) yield return item;
            }
        }
    }
}
