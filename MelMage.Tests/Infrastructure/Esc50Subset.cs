namespace MelMage.Tests.Infrastructure;

/// <summary>A temporary ESC-50-layout folder holding <c>perClass</c> development clips of each of the first
/// <c>classes</c> classes (symbolic links to the real files), all from fold 4 (the one fold where the dev set has at
/// least six clips of every class), for tests that train and must stay quick. One fold only, so the trainer assigns
/// five folds itself.</summary>
public sealed class Esc50Subset : IDisposable
{
    public Esc50Subset(int classes, int perClass = 6)
    {
        Root = Directory.CreateTempSubdirectory("melmage-esc50-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "audio"));
        Directory.CreateDirectory(Path.Combine(Root, "meta"));
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Esc50Dev, "meta", "esc50.csv"));
        var kept = new List<string> { lines[0] };
        var perTarget = new Dictionary<int, int>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var target = int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture);
            if (target >= classes || cells[1] != "4" || perTarget.GetValueOrDefault(target) >= perClass) continue;
            perTarget[target] = perTarget.GetValueOrDefault(target) + 1;
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
