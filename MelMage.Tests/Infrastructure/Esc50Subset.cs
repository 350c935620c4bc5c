namespace MelMage.Tests.Infrastructure;

/// <summary>A temporary ESC-50-layout folder holding the development clips of the first <c>classes</c> classes
/// (symbolic links to the real files), for tests that train and must stay quick.</summary>
public sealed class Esc50Subset : IDisposable
{
    public Esc50Subset(int classes)
    {
        Root = Directory.CreateTempSubdirectory("melmage-esc50-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "audio"));
        Directory.CreateDirectory(Path.Combine(Root, "meta"));
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Esc50Dev, "meta", "esc50.csv"));
        var kept = new List<string> { lines[0] };
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) >= classes) continue;
            kept.Add(line);
            File.CreateSymbolicLink(Path.Combine(Root, "audio", cells[0]), TestPaths.Esc50Clip(cells[0]));
        }
        File.WriteAllLines(Path.Combine(Root, "meta", "esc50.csv"), kept);
        Clips = kept.Count - 1;
    }

    public string Root { get; }
    public int Clips { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
