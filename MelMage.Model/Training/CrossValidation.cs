using System.Text.Json;
using MelMage.Model.Checkpoints;

namespace MelMage.Model.Training;

/// <summary>
/// The ESC-50 protocol: for each fold, train on the others and test on it with the fold's final-epoch model (chosen
/// without looking at the test fold); report each fold's accuracy, mean ± sample sd, the mean of per-class recalls,
/// per-class accuracy and the confusion matrix pooled over the test folds. With <see cref="TrainingOptions.Resume"/>,
/// folds already finished with the same recipe are reused and the unfinished one continues from its checkpoint.
/// <paramref name="onlyFolds"/> trains just those folds in this sitting (reusing any other fold already finished with
/// the same recipe): a cross-validation too long for one machine's sitting is done fold by fold, and each fold's
/// <c>run.json</c> (its held-out predictions) is all a later sitting needs to pool the report.
/// </summary>
public static class CrossValidation
{
    public const string EvaluationFile = "evaluation.json";
    /// <summary>The same report with every answer made with the run's test-time shifts (<c>--tta</c> 2 or more): what a
    /// model served with shifts ships as its <c>evaluation.json</c>.</summary>
    public const string EvaluationWithShiftsFile = "evaluation-shifts.json";

    /// <summary>The command a report records: the <c>train</c> arguments of this sitting without the options that only
    /// steer sittings (<c>--fold K</c>, <c>--resume</c>, <c>--stop-after N</c>), so that running it once reproduces the
    /// whole cross-validation however many sittings it took.</summary>
    public static string ReproducingCommand(IEnumerable<string> trainArguments)
    {
        var kept = new List<string>();
        using var e = trainArguments.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (arg is "--resume" || arg.StartsWith("--fold=", StringComparison.Ordinal) || arg.StartsWith("--stop-after=", StringComparison.Ordinal))
                continue;
            if (arg is "--fold" or "--stop-after")
            {
                e.MoveNext();
                continue;
            }
            kept.Add(arg);
        }
        return string.Join(' ', ["melmage-worker", "train", .. kept]);
    }

    public sealed record FoldResult(int Fold, double? FinalAccuracy, double? BestAccuracy, int? BestEpoch, string ModelDirectory);

    public sealed record Summary(IReadOnlyList<FoldResult> Folds, double Mean, double StandardDeviation, string Note, bool Completed, CrossValidationReport? Report);

    public static Summary Run(TrainingOptions options, TextWriter log, string? command = null, CancellationToken cancellation = default,
        IReadOnlyCollection<int>? onlyFolds = null)
    {
        var dataset = Esc50Dataset.Load(options.DataDirectory, options.Classes, options.Folds);
        var folds = dataset.Folds;
        if (onlyFolds?.FirstOrDefault(f => !folds.Contains(f)) is { } missing and not 0)
            throw new InvalidDataException($"There is no fold {missing}; the folds are {string.Join(", ", folds)}.");
        var results = new List<TrainingResult>();
        var skipped = new List<int>();
        foreach (var fold in folds)
        {
            var foldOptions = options with
            {
                TestFold = fold,
                OutputDirectory = Path.Combine(options.OutputDirectory, $"fold{fold}"),
                Version = $"{options.Version}-fold{fold}",
            };
            var previous = options.Resume || onlyFolds is not null ? ReadFinished(foldOptions) : null;
            if (previous is not null)
            {
                log.WriteLine($"=== fold {fold} of {folds.Count}: finished in an earlier sitting ({previous.FinalAccuracy:P1}) ===");
                results.Add(previous);
                continue;
            }
            if (onlyFolds is not null && !onlyFolds.Contains(fold))
            {
                skipped.Add(fold);
                continue;
            }
            log.WriteLine($"=== fold {fold} of {folds.Count} held out ===");
            var result = new Trainer(log).Run(foldOptions, cancellation);
            results.Add(result);
            if (!result.Completed)
            {
                log.WriteLine($"Cross-validation paused in fold {fold}; continue with --resume.");
                return Summarise(results, completed: false, null, options);
            }
        }

        if (results.Count == 0) return Summarise(results, completed: false, null, options);
        var report = CrossValidationReport.From(dataset, options, results, command);
        File.WriteAllText(Path.Combine(options.OutputDirectory, EvaluationFile), JsonSerializer.Serialize(report, ModelCheckpoint.JsonOptions));
        if (skipped.Count > 0)
        {
            // A partial report (its protocol and foldsPlanned say so), so that a model can ship with what is measured
            // so far; the full run later overwrites it.
            log.WriteLine(skipped.Count == 1
                ? $"Fold {skipped[0]} is not finished yet; run it (--fold {skipped[0]}, or --resume for all) to complete the report."
                : $"Folds {string.Join(", ", skipped)} are not finished yet; run them (--fold K, or --resume for all) to complete the report.");
            log.WriteLine($"Partial report of {results.Count} of {folds.Count} folds: {report.Mean:P1} ± {report.Sd:P1}; class-balanced {report.BalancedAccuracy:P1} ({Path.Combine(options.OutputDirectory, EvaluationFile)}).");
            return Summarise(results, completed: false, report, options);
        }

        var summary = Summarise(results, completed: true, report, options);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "cv.json"), JsonSerializer.Serialize(summary with { Report = null }, ModelCheckpoint.JsonOptions));
        log.WriteLine($"{folds.Count}-fold cross-validation: {report.Mean:P1} ± {report.Sd:P1} (final epochs); class-balanced {report.BalancedAccuracy:P1}.");
        if (report.TestTimeShifts is { } tta)
            log.WriteLine($"With {tta.Shifts} test-time shifts: {tta.Mean:P1} ± {tta.Sd:P1}; class-balanced {tta.BalancedAccuracy:P1}.");
        foreach (var group in report.Groups ?? []) log.WriteLine($"{group.Name}: {group.Accuracy:P1} (class-balanced {group.BalancedAccuracy:P1}).");
        log.WriteLine($"Report: {Path.Combine(options.OutputDirectory, EvaluationFile)}");
        if (report.TestTimeShifts is not null)
        {
            var shifted = CrossValidationReport.From(dataset, options, results, command, withShifts: true);
            File.WriteAllText(Path.Combine(options.OutputDirectory, EvaluationWithShiftsFile), JsonSerializer.Serialize(shifted, ModelCheckpoint.JsonOptions));
            log.WriteLine($"The same with every answer shifted (for a model served with --tta {options.TestTimeShifts}): {Path.Combine(options.OutputDirectory, EvaluationWithShiftsFile)}");
        }
        return summary;
    }

    private static TrainingResult? ReadFinished(TrainingOptions foldOptions)
    {
        var file = Path.Combine(foldOptions.OutputDirectory, Trainer.RunFile);
        if (!File.Exists(file)) return null;
        var result = JsonSerializer.Deserialize<TrainingResult>(File.ReadAllText(file), ModelCheckpoint.JsonOptions);
        return result is { Completed: true, TestPredictions: not null } && result.Options.SameRecipe(foldOptions) ? result : null;
    }

    private static Summary Summarise(List<TrainingResult> results, bool completed, CrossValidationReport? report, TrainingOptions options)
    {
        var folds = results.Select(r => new FoldResult(r.Options.TestFold ?? 0, r.FinalAccuracy, r.BestAccuracy, r.BestEpoch, r.ModelDirectory)).ToList();
        var (mean, sd) = CrossValidationReport.MeanAndSd(results.Where(r => r.Completed).Select(r => r.FinalAccuracy ?? 0).ToList());
        return new Summary(folds, mean, sd, "mean ± sample sd of each fold's final-epoch test accuracy", completed, report);
    }
}
