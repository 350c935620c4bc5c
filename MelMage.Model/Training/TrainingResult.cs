using System.Text.Json.Nodes;

namespace MelMage.Model.Training;

/// <summary>The outcome of a run, also written as <c>run.json</c> in the output folder.</summary>
public sealed record TrainingResult
{
    public required string Version { get; init; }
    public required TrainingOptions Options { get; init; }
    public required IReadOnlyList<EpochMetrics> History { get; init; }
    public double? FinalAccuracy { get; init; }
    public double? BestAccuracy { get; init; }
    public int? BestEpoch { get; init; }
    public required string Kept { get; init; }
    public required string KeptReason { get; init; }
    public required string ModelDirectory { get; init; }
    public string? ModelSha256 { get; init; }
    public int TrainClips { get; init; }
    public int TestClips { get; init; }
    public bool FoldsAssigned { get; init; }
    public double Seconds { get; init; }
    public string Host { get; init; } = Environment.MachineName;
    public bool Completed { get; init; }
    public JsonObject? Extra { get; init; }
    /// <summary>The kept final model's answer for each held-out clip (null without a test fold, or when the run
    /// stopped early or kept the best epoch).</summary>
    public IReadOnlyList<ClipPrediction>? TestPredictions { get; init; }
}

/// <summary>A held-out clip's true class and the model's answer: as served, and with test-time shifts when used.</summary>
public sealed record ClipPrediction(string FileName, int Target, int Predicted, int? PredictedWithShifts)
{
    /// <summary>The softmax over the classes for the clip as it is (absent in runs made before 2026-12-05).</summary>
    public float[]? Probabilities { get; init; }

    /// <summary>The mean softmax over the test-time shifts, when there were any.</summary>
    public float[]? ProbabilitiesWithShifts { get; init; }
}
