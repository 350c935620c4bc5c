namespace MelMage.Model.Inference;

/// <summary>What to compute beyond the top-k answer.</summary>
public sealed record AnalysisOptions
{
    public int TopK { get; init; } = 3;
    public bool FeatureMaps { get; init; } = true;
    /// <summary>Keep full [C, H, W] feature tensors (large) besides the channel means.</summary>
    public bool FullFeatureTensors { get; init; }
    public bool Heatmaps { get; init; } = true;
    /// <summary>Buckets of the display waveform.</summary>
    public int WaveformPoints { get; init; } = 1000;
    /// <summary>Test-time shifts for this call (1: none); null: the engine's <see cref="InferenceEngine.Shifts"/>. The
    /// answers carry the version this count is served under (<see cref="ModelInfo.ServedVersionOf"/>).</summary>
    public int? Shifts { get; init; }

    public static AnalysisOptions Default { get; } = new();
    public static AnalysisOptions PredictionsOnly { get; } = new() { FeatureMaps = false, Heatmaps = false };
}
