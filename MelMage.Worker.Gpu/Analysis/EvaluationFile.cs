using System.Text.Json;
using MelMage.Contracts.Api;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>The evaluation report beside a model's weights (<c>evaluation.json</c>, the <see cref="ModelEvaluation"/>
/// contract the trainer writes).</summary>
public static class EvaluationFile
{
    public const string Name = "evaluation.json";

    /// <summary>The file's JSON when it reads as the contract and describes the model with <paramref name="labels"/>;
    /// otherwise null and why (null and no problem when there is no file: the model was not evaluated).</summary>
    public static (string? Json, string? Problem) Read(string modelDirectory, IReadOnlyList<string> labels)
    {
        var path = Path.Combine(modelDirectory, Name);
        if (!File.Exists(path)) return (null, null);
        try
        {
            var json = File.ReadAllText(path);
            var report = JsonSerializer.Deserialize<ModelEvaluation>(json, JsonSerializerOptions.Web);
            return Check(report, labels) is { } problem ? (null, problem) : (json, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            return (null, ex.Message);
        }
    }

    private static string? Check(ModelEvaluation? report, IReadOnlyList<string> labels)
    {
        // The deserializer leaves missing members null whatever the contract's nullability says.
        if (report?.Protocol is null || report.Labels is null || report.Folds is null || report.PerClass is null || report.Confusion is null)
            return "protocol, labels, folds, perClass and confusion are required";
        if (report.Labels.Count != labels.Count || report.Labels.Except(labels).Any())
            return $"its labels are not the model's {labels.Count} classes";
        var n = labels.Count;
        if (report.Confusion.Count != n || report.Confusion.Any(row => row is null || row.Count != n))
            return $"the confusion matrix is not {n} × {n}";
        if (report.Folds.Count == 0) return "it lists no folds";
        return null;
    }
}
