using System.Text.Json;
using MelMage.Model.Checkpoints;

namespace MelMage.Model.Training;

/// <summary>The ESC-50 protocol: for each fold, train on the others and test on it; report mean ± sd.</summary>
public static class CrossValidation
{
    public sealed record FoldResult(int Fold, double? FinalAccuracy, double? BestAccuracy, int? BestEpoch, string ModelDirectory);

    public sealed record Summary(IReadOnlyList<FoldResult> Folds, double Mean, double StandardDeviation, string Note);

    public static Summary Run(TrainingOptions options, TextWriter log, CancellationToken cancellation = default)
    {
        var folds = Esc50Dataset.Load(options.DataDirectory).Folds;
        var results = new List<FoldResult>();
        foreach (var fold in folds)
        {
            log.WriteLine($"=== fold {fold} of {folds.Count} held out ===");
            var foldOptions = options with
            {
                TestFold = fold,
                OutputDirectory = Path.Combine(options.OutputDirectory, $"fold{fold}"),
                Version = $"{options.Version}-fold{fold}",
            };
            var result = new Trainer(log).Run(foldOptions, cancellation);
            results.Add(new FoldResult(fold, result.FinalAccuracy, result.BestAccuracy, result.BestEpoch, result.ModelDirectory));
        }
        var finals = results.Select(r => r.FinalAccuracy ?? 0).ToArray();
        var mean = finals.Average();
        var sd = finals.Length > 1 ? Math.Sqrt(finals.Sum(a => (a - mean) * (a - mean)) / (finals.Length - 1)) : 0;
        var summary = new Summary(results, mean, sd, "mean ± sample sd of each fold's final-epoch test accuracy");
        File.WriteAllText(Path.Combine(options.OutputDirectory, "cv.json"), JsonSerializer.Serialize(summary, ModelCheckpoint.JsonOptions));
        log.WriteLine($"{folds.Count}-fold cross-validation: {mean:P1} ± {sd:P1} (final epochs).");
        return summary;
    }
}
