using System.Globalization;

namespace MelMage.Model.Training;

/// <summary>One clip of a dataset in the ESC-50 layout. <see cref="Fold"/> 0 means "never tested": the clip's class
/// has a single source recording, so no split can hold it out without training on the same recording.</summary>
public sealed record Esc50Clip(string FileName, string Path, int Fold, int Target, string Category, string Source);

/// <summary>How a run's folds are made.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<FoldScheme>))]
public enum FoldScheme
{
    /// <summary>The metadata's folds (ESC-50's official ones); a subset naming a single fold gets five assigned.</summary>
    Official,

    /// <summary>Five folds dealt anew: every source recording in one fold, every class spread over as many folds as
    /// it has recordings, fold sizes balanced. For subsets whose official folds are lopsided (the dev set).</summary>
    Grouped,
}

/// <summary>
/// A folder in the standard ESC-50 layout (<c>audio/*.wav</c> and <c>meta/esc50.csv</c> with columns filename, fold,
/// target, category, esc10, …, src_file): the full set from its author or any subset of it, optionally narrowed to a
/// class subset (ESC-10 or a list) whose targets are renumbered 0..K-1 in ESC-50's order.
/// </summary>
public sealed class Esc50Dataset
{
    /// <summary>The value of <c>--classes</c> that selects the ESC-10 benchmark's ten classes (the esc10 column).</summary>
    public const string Esc10 = "esc10";

    private Esc50Dataset(string root, IReadOnlyList<Esc50Clip> clips, IReadOnlyList<string> labels, bool foldsAssigned, IReadOnlySet<string> esc10)
    {
        Esc10Classes = esc10;
        Root = root;
        Clips = clips;
        Labels = labels;
        FoldsAssigned = foldsAssigned;
    }

    public string Root { get; }
    public IReadOnlyList<Esc50Clip> Clips { get; }
    /// <summary>Class names by target index.</summary>
    public IReadOnlyList<string> Labels { get; }
    /// <summary>True when the folds are not the metadata's (assigned by <see cref="Load"/>).</summary>
    public bool FoldsAssigned { get; }
    /// <summary>The categories the metadata marks as ESC-10 (empty without an esc10 column).</summary>
    public IReadOnlySet<string> Esc10Classes { get; }
    /// <summary>The folds a clip can be tested in (fold 0, "never tested", is not one).</summary>
    public IReadOnlyList<int> Folds => Clips.Select(c => c.Fold).Where(f => f > 0).Distinct().Order().ToList();
    /// <summary>Classes that no fold tests (a single source recording).</summary>
    public IReadOnlyList<string> UntestedClasses =>
        Clips.GroupBy(c => c.Target).Where(g => g.All(c => c.Fold == 0)).OrderBy(g => g.Key).Select(g => Labels[g.Key]).ToList();

    /// <summary>Reads the metadata and checks that every listed file exists.</summary>
    /// <param name="classes">null for every class; <c>esc10</c>; or a comma-separated list of category names.</param>
    /// <exception cref="InvalidDataException">The folder is not in the ESC-50 layout, or a class is unknown; the message says which.</exception>
    public static Esc50Dataset Load(string root, string? classes = null, FoldScheme folds = FoldScheme.Official)
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
        var keep = ClassFilter(classes, header, meta);
        var esc10Column = header.IndexOf("esc10");
        var esc10 = new HashSet<string>(StringComparer.Ordinal);

        var clips = new List<Esc50Clip>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (esc10Column >= 0 && cells[esc10Column].Trim().Equals("true", StringComparison.OrdinalIgnoreCase)) esc10.Add(cells[category]);
            if (!keep(cells)) continue;
            var path = System.IO.Path.Combine(audio, cells[file]);
            if (!File.Exists(path)) throw new InvalidDataException($"{meta} lists {cells[file]}, which is not in {audio}.");
            clips.Add(new Esc50Clip(cells[file], path,
                int.Parse(cells[fold], CultureInfo.InvariantCulture),
                int.Parse(cells[target], CultureInfo.InvariantCulture),
                cells[category],
                source >= 0 ? cells[source] : cells[file]));
        }
        if (clips.Count == 0) throw new InvalidDataException($"{meta} lists no clips{(classes is null ? "" : $" of the classes '{classes}'")}.");

        if (classes is not null)
        {
            var requested = classes == Esc10 ? [] : SplitList(classes);
            var missing = requested.Except(clips.Select(c => c.Category)).ToList();
            if (missing.Count > 0) throw new InvalidDataException($"No clips of {string.Join(", ", missing)} in {meta}.");
            // A subset's targets are renumbered 0..K-1, keeping ESC-50's order of classes.
            var renumber = clips.Select(c => c.Target).Distinct().Order().Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
            clips = clips.Select(c => c with { Target = renumber[c.Target] }).ToList();
        }

        var labels = clips.GroupBy(c => c.Target).OrderBy(g => g.Key).ToList();
        if (labels.Select(g => g.Key).SequenceEqual(Enumerable.Range(0, labels.Count)) is false)
            throw new InvalidDataException($"{meta}: targets must be 0..N-1; found {string.Join(", ", labels.Select(g => g.Key))}.");
        var names = labels.Select(g => g.First().Category).ToList();

        var assign = folds == FoldScheme.Grouped || clips.Select(c => c.Fold).Distinct().Count() < 2;
        if (assign) clips = AssignGroupedFolds(clips, 5);
        return new Esc50Dataset(root, clips.OrderBy(c => c.FileName, StringComparer.Ordinal).ToList(), names, assign, esc10);
    }

    private static Func<string[], bool> ClassFilter(string? classes, List<string> header, string meta)
    {
        if (classes is null) return _ => true;
        if (classes.Equals(Esc10, StringComparison.OrdinalIgnoreCase))
        {
            var column = header.IndexOf("esc10");
            if (column < 0) throw new InvalidDataException($"{meta} has no 'esc10' column, so --classes esc10 cannot be read from it.");
            return cells => cells[column].Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        var wanted = SplitList(classes).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) throw new InvalidDataException("--classes names no class.");
        var category = header.IndexOf("category");
        return cells => wanted.Contains(cells[category]);
    }

    private static List<string> SplitList(string classes) =>
        classes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>
    /// Deals each class's source recordings into <paramref name="folds"/> folds, largest recording first, each to the
    /// fold holding fewest clips of that class (then fewest clips overall), so takes of one recording (A, B, C) never
    /// end up on both sides of a split — as ESC-50's own folds guarantee — and each class spreads over as many folds
    /// as it has recordings. A class with a single recording cannot be tested without leaking it: its clips get fold
    /// 0 and are always trained on.
    /// </summary>
    private static List<Esc50Clip> AssignGroupedFolds(List<Esc50Clip> clips, int folds)
    {
        var result = new List<Esc50Clip>();
        var total = new int[folds + 1];
        foreach (var cls in clips.GroupBy(c => c.Target).OrderBy(g => g.Key))
        {
            var sources = cls.GroupBy(c => c.Source)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (sources.Count == 1)
            {
                result.AddRange(cls.Select(c => c with { Fold = 0 }));
                continue;
            }
            var inClass = new int[folds + 1];
            foreach (var source in sources)
            {
                var fold = Enumerable.Range(1, folds).OrderBy(f => inClass[f]).ThenBy(f => total[f]).ThenBy(f => f).First();
                inClass[fold] += source.Count();
                total[fold] += source.Count();
                result.AddRange(source.Select(c => c with { Fold = fold }));
            }
        }
        return result;
    }
}
