using System.Globalization;

namespace MelMage.Model.Training;

/// <summary>One clip of a dataset in the ESC-50 layout.</summary>
public sealed record Esc50Clip(string FileName, string Path, int Fold, int Target, string Category, string Source);

/// <summary>
/// A folder in the standard ESC-50 layout (<c>audio/*.wav</c> and <c>meta/esc50.csv</c> with columns filename, fold,
/// target, category, …, src_file): the full set from its author or any subset of it.
/// </summary>
public sealed class Esc50Dataset
{
    private Esc50Dataset(string root, IReadOnlyList<Esc50Clip> clips, IReadOnlyList<string> labels, bool foldsAssigned)
    {
        Root = root;
        Clips = clips;
        Labels = labels;
        FoldsAssigned = foldsAssigned;
    }

    public string Root { get; }
    public IReadOnlyList<Esc50Clip> Clips { get; }
    /// <summary>Class names by target index.</summary>
    public IReadOnlyList<string> Labels { get; }
    /// <summary>True when the metadata had fewer than two folds and <see cref="Load"/> assigned five itself.</summary>
    public bool FoldsAssigned { get; }
    public IReadOnlyList<int> Folds => Clips.Select(c => c.Fold).Distinct().Order().ToList();

    /// <summary>Reads the metadata and checks that every listed file exists.</summary>
    /// <exception cref="InvalidDataException">The folder is not in the ESC-50 layout; the message says what is missing.</exception>
    public static Esc50Dataset Load(string root)
    {
        var meta = System.IO.Path.Combine(root, "meta", "esc50.csv");
        var audio = System.IO.Path.Combine(root, "audio");
        if (!File.Exists(meta)) throw new InvalidDataException($"{root} is not an ESC-50 folder: {meta} is missing.");
        if (!Directory.Exists(audio)) throw new InvalidDataException($"{root} is not an ESC-50 folder: {audio} is missing.");

        var lines = File.ReadAllLines(meta).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int Column(string name) => header.IndexOf(name) is var i and >= 0
            ? i : throw new InvalidDataException($"{meta} has no '{name}' column (found: {string.Join(", ", header)}).");
        var (file, fold, target, category) = (Column("filename"), Column("fold"), Column("target"), Column("category"));
        var source = header.IndexOf("src_file");

        var clips = new List<Esc50Clip>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var path = System.IO.Path.Combine(audio, cells[file]);
            if (!File.Exists(path)) throw new InvalidDataException($"{meta} lists {cells[file]}, which is not in {audio}.");
            clips.Add(new Esc50Clip(cells[file], path,
                int.Parse(cells[fold], CultureInfo.InvariantCulture),
                int.Parse(cells[target], CultureInfo.InvariantCulture),
                cells[category],
                source >= 0 ? cells[source] : cells[file]));
        }
        if (clips.Count == 0) throw new InvalidDataException($"{meta} lists no clips.");

        var labels = clips.GroupBy(c => c.Target).OrderBy(g => g.Key).ToList();
        if (labels.Select(g => g.Key).SequenceEqual(Enumerable.Range(0, labels.Count)) is false)
            throw new InvalidDataException($"{meta}: targets must be 0..N-1; found {string.Join(", ", labels.Select(g => g.Key))}.");
        var names = labels.Select(g => g.First().Category).ToList();

        var assigned = clips.Select(c => c.Fold).Distinct().Count() < 2;
        if (assigned) clips = AssignFolds(clips, 5);
        return new Esc50Dataset(root, clips.OrderBy(c => c.FileName, StringComparer.Ordinal).ToList(), names, assigned);
    }

    /// <summary>
    /// For subsets that carry a single fold (such as the 300-clip development set): deals each class's source
    /// recordings round-robin into <paramref name="folds"/> folds, so that takes of one recording (A, B, C) never
    /// end up on both sides of a split, as ESC-50's own folds guarantee.
    /// </summary>
    private static List<Esc50Clip> AssignFolds(List<Esc50Clip> clips, int folds)
    {
        var result = new List<Esc50Clip>();
        var next = 0;
        foreach (var cls in clips.GroupBy(c => c.Target).OrderBy(g => g.Key))
        {
            foreach (var source in cls.GroupBy(c => c.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var fold = next++ % folds + 1;
                result.AddRange(source.Select(c => c with { Fold = fold }));
            }
        }
        return result;
    }
}
