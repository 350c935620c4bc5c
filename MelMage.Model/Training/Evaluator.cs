using System.Text.Json;
using MelMage.Audio.Wav;
using MelMage.Model.Checkpoints;
using MelMage.Model.Inference;

namespace MelMage.Model.Training;

/// <summary>Scores a model directory on an ESC-50 folder through the same engine path the product serves
/// (decode → resample → log-mel → forward), and writes the report as JSON and CSV.</summary>
public static class Evaluator
{
    public static EvaluationReport Evaluate(string dataDirectory, string modelDirectory, int? fold, InferenceEngineOptions? engineOptions = null)
    {
        using var engine = InferenceEngine.Load(modelDirectory, engineOptions);
        var labels = engine.Model.Labels;
        // A model of a class subset (ESC-10, a list) is scored on those classes, with the folds it was trained with.
        var training = ModelCheckpoint.ReadMetadata(modelDirectory).Training;
        var classes = training?["classes"]?.GetValue<string>() is { } c && c != "all" ? string.Join(",", labels) : null;
        var scheme = training?["folds"]?.GetValue<string>() == nameof(FoldScheme.Grouped) ? FoldScheme.Grouped : FoldScheme.Official;
        var dataset = Esc50Dataset.Load(dataDirectory, classes, scheme);
        if (!labels.SequenceEqual(dataset.Labels))
            throw new InvalidDataException("The model's labels differ from the dataset's categories; they must be the same classes in the same order.");
        var clips = fold is { } k ? dataset.Clips.Where(c => c.Fold == k).ToList() : dataset.Clips.ToList();
        if (clips.Count == 0) throw new InvalidDataException($"No clips in fold {fold}; folds present: {string.Join(", ", dataset.Folds)}.");

        var confusion = labels.Select(_ => new int[labels.Count]).ToArray();
        var options = AnalysisOptions.PredictionsOnly with { TopK = 1 };
        foreach (var batch in clips.Chunk(16))
        {
            var audio = batch.Select(c => WavDecoder.Decode(File.ReadAllBytes(c.Path))).ToArray();
            var results = engine.Analyze(audio, options);
            for (var i = 0; i < batch.Length; i++)
            {
                var predicted = IndexOf(labels, results[i].Predictions[0].Label);
                confusion[batch[i].Target][predicted]++;
            }
        }
        var perClass = labels.Select((label, i) =>
        {
            var n = confusion[i].Sum();
            return new ClassAccuracy(label, n, confusion[i][i], n == 0 ? 0 : (double)confusion[i][i] / n);
        }).ToList();
        var correct = Enumerable.Range(0, labels.Count).Sum(i => confusion[i][i]);
        return new EvaluationReport(engine.Model.Version, fold, clips.Count, (double)correct / clips.Count, perClass, labels, confusion);
    }

    /// <summary>Writes evaluation.json, per-class.csv and confusion.csv into <paramref name="directory"/>.</summary>
    public static void Write(EvaluationReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "evaluation.json"), JsonSerializer.Serialize(report, ModelCheckpoint.JsonOptions));
        File.WriteAllText(Path.Combine(directory, "per-class.csv"), report.PerClassCsv());
        File.WriteAllText(Path.Combine(directory, "confusion.csv"), report.ConfusionCsv());
    }

    /// <summary>The fold a model was tested on during training, when its card records one.</summary>
    public static int? HeldOutFold(string modelDirectory) =>
        ModelCheckpoint.ReadMetadata(modelDirectory).Training?["testFold"]?.GetValue<int?>();

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++) if (labels[i] == label) return i;
        throw new InvalidOperationException($"Unknown label {label}.");
    }
}
