namespace MelMage.Model.Training;

/// <summary>
/// What a cross-validation measured, in the form a model folder ships as <c>evaluation.json</c> and the API and the
/// page show: each fold's accuracy, mean ± sample sd, the class-balanced accuracy (mean of per-class recalls, so that
/// thin classes count as much as full ones), per-class accuracy and the confusion matrix (rows: true class, columns:
/// predicted, in <see cref="Labels"/> order) pooled over the test folds.
/// </summary>
public sealed record CrossValidationReport
{
    public required string Protocol { get; init; }
    public string? Command { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required IReadOnlyList<FoldAccuracy> Folds { get; init; }
    public required double Mean { get; init; }
    public required double Sd { get; init; }
    public required double BalancedAccuracy { get; init; }
    public required IReadOnlyList<ClassScore> PerClass { get; init; }
    public required int[][] Confusion { get; init; }
    /// <summary>ESC-10's classes and the others apart, when a run has both.</summary>
    public IReadOnlyList<GroupScore>? Groups { get; init; }
    /// <summary>Classes no fold tests (one source recording each); they are trained on in every fold.</summary>
    public IReadOnlyList<string>? Untested { get; init; }
    /// <summary>How every answer above was made: the mean over this many circular time shifts of each clip (1: the clip
    /// as it is). A model ships the report measured the way it is served (its <c>model.json</c> testTimeShifts).</summary>
    public int Shifts { get; init; } = 1;
    /// <summary>In a report without shifts: the same folds answered with test-time shifts.</summary>
    public ShiftedScore? TestTimeShifts { get; init; }
    /// <summary>Set while the cross-validation is run fold by fold and only <see cref="Folds"/> are finished: the
    /// number of folds it will have. Null when every fold is in.</summary>
    public int? FoldsPlanned { get; init; }
    public int Epochs { get; init; }
    public double TrainingSeconds { get; init; }

    public sealed record FoldAccuracy(int Fold, double Accuracy, int Clips);
    public sealed record ClassScore(string Label, double Accuracy, int Clips);
    public sealed record GroupScore(string Name, double Accuracy, double BalancedAccuracy, int Clips);
    public sealed record ShiftedScore(int Shifts, double Mean, double Sd, double BalancedAccuracy);

    /// <summary>The report of <paramref name="folds"/>; when they are fewer than the dataset's folds it is a partial
    /// report, saying so in its protocol and <see cref="FoldsPlanned"/>. <paramref name="withShifts"/>: every number from
    /// the answers with test-time shifts (each fold must have them).</summary>
    public static CrossValidationReport From(Esc50Dataset dataset, TrainingOptions options, IReadOnlyList<TrainingResult> folds, string? command,
        bool withShifts = false)
    {
        var planned = dataset.Folds.Count;
        var labels = dataset.Labels;
        var predictions = folds.SelectMany(f => f.TestPredictions ?? throw new InvalidOperationException($"Fold {f.Options.TestFold} has no test predictions.")).ToList();
        if (withShifts && !(options.TestTimeShifts > 1 && predictions.All(p => p.PredictedWithShifts is not null)))
            throw new InvalidOperationException("A report with test-time shifts needs folds run with --tta 2 or more.");
        Func<ClipPrediction, int> answer = withShifts ? p => p.PredictedWithShifts!.Value : p => p.Predicted;
        var confusion = ConfusionOf(labels.Count, predictions, answer);
        var perClass = labels.Select((label, i) => new ClassScore(label, Recall(confusion, i), confusion[i].Sum()))
            .Where(c => c.Clips > 0).ToList();
        var (mean, sd) = MeanAndSd(folds.Select(f => Accuracy(f.TestPredictions!, answer)).ToList());

        ShiftedScore? shifted = null;
        if (!withShifts && predictions.All(p => p.PredictedWithShifts is not null) && options.TestTimeShifts > 1)
        {
            var (m, s) = MeanAndSd(folds.Select(f => Accuracy(f.TestPredictions!, p => p.PredictedWithShifts!.Value)).ToList());
            shifted = new ShiftedScore(options.TestTimeShifts, m, s, Balanced(ConfusionOf(labels.Count, predictions, p => p.PredictedWithShifts!.Value)));
        }

        List<GroupScore>? groups = null;
        var inEsc10 = labels.Select(dataset.Esc10Classes.Contains).ToArray();
        if (inEsc10.Any(x => x) && !inEsc10.All(x => x))
        {
            groups = [Group("ESC-10 classes", true), Group($"other {inEsc10.Count(x => !x)} classes", false)];
            GroupScore Group(string name, bool esc10)
            {
                var members = Enumerable.Range(0, labels.Count).Where(i => inEsc10[i] == esc10 && confusion[i].Sum() > 0).ToList();
                var clips = members.Sum(i => confusion[i].Sum());
                return new GroupScore(name, (double)members.Sum(i => confusion[i][i]) / clips, members.Average(i => Recall(confusion, i)), clips);
            }
        }

        var name = options.Classes is null ? "ESC-50" : options.Classes == Esc50Dataset.Esc10 ? "ESC-10" : $"{labels.Count} classes";
        var scheme = dataset.FoldsAssigned ? "folds dealt by source recording (no recording in two folds)" : "the official folds";
        var weights = options.EmaDecay is null ? "" : ", weights averaged";
        var answered = withShifts ? $"; each clip answered by the mean over {options.TestTimeShifts} circular time shifts" : "";
        var sofar = folds.Count < planned
            ? $" (so far only fold{(folds.Count > 1 ? "s" : "")} {string.Join(", ", folds.Select(f => f.Options.TestFold))} of {planned}: the mean is not yet the cross-validation's)"
            : "";
        return new CrossValidationReport
        {
            Protocol = $"{name} ({dataset.Clips.Count} clips): {planned}-fold cross-validation on {scheme}{sofar}; each fold's final-epoch model{weights}, chosen without looking at its test fold{answered}",
            Command = command,
            Labels = labels,
            Folds = folds.Select(f => new FoldAccuracy(f.Options.TestFold ?? 0, Accuracy(f.TestPredictions!, answer), f.TestPredictions!.Count)).ToList(),
            Mean = mean,
            Sd = sd,
            BalancedAccuracy = Balanced(confusion),
            PerClass = perClass,
            Confusion = confusion,
            Groups = groups,
            Untested = dataset.UntestedClasses is { Count: > 0 } untested ? untested : null,
            Shifts = withShifts ? options.TestTimeShifts : 1,
            TestTimeShifts = shifted,
            FoldsPlanned = folds.Count < planned ? planned : null,
            Epochs = options.Epochs,
            TrainingSeconds = Math.Round(folds.Sum(f => f.Seconds), 1),
        };
    }

    public static (double Mean, double Sd) MeanAndSd(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (0, 0);
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(a => (a - mean) * (a - mean)) / (values.Count - 1)) : 0;
        return (mean, sd);
    }

    private static int[][] ConfusionOf(int classes, IEnumerable<ClipPrediction> predictions, Func<ClipPrediction, int> predicted)
    {
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        foreach (var p in predictions) confusion[p.Target][predicted(p)]++;
        return confusion;
    }

    private static double Accuracy(IReadOnlyList<ClipPrediction> predictions, Func<ClipPrediction, int> predicted) =>
        predictions.Count == 0 ? 0 : (double)predictions.Count(p => predicted(p) == p.Target) / predictions.Count;

    private static double Recall(int[][] confusion, int i) => confusion[i].Sum() is var n and > 0 ? (double)confusion[i][i] / n : 0;

    /// <summary>The mean of per-class recalls over the classes that were tested.</summary>
    private static double Balanced(int[][] confusion) =>
        Enumerable.Range(0, confusion.Length).Where(i => confusion[i].Sum() > 0).Average(i => Recall(confusion, i));
}
