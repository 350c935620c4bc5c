using MelMage.Audio.Spectrograms;

namespace MelMage.Model.Training;

/// <summary>A training run. Defaults are the seed's recipe.</summary>
public sealed record TrainingOptions
{
    public required string DataDirectory { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>The fold held out for testing; null trains on everything (no held-out score).</summary>
    public int? TestFold { get; init; } = 5;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 32;
    public int Seed { get; init; }
    public double LearningRate { get; init; } = 5e-4;
    public double WeightDecay { get; init; } = 0.01;
    public double MaxLearningRate { get; init; } = 2e-3;
    public double WarmupFraction { get; init; } = 0.1;
    public double LabelSmoothing { get; init; } = 0.1;
    public int FrequencyMask { get; init; } = 30;
    public int TimeMask { get; init; } = 80;
    public float MaskValue { get; init; }
    public double MixupProbability { get; init; } = 0.3;
    public double MixupAlpha { get; init; } = 0.2;
    public double Dropout { get; init; } = 0.5;
    /// <summary>Continue from the checkpoint in <see cref="OutputDirectory"/>.</summary>
    public bool Resume { get; init; }
    /// <summary>Which model becomes <c>OUT/model</c>: "final" (the last epoch; an honest held-out score) or "best"
    /// (the epoch with the best test accuracy; that score is optimistic, being chosen on the test fold).</summary>
    public string Keep { get; init; } = "final";
    /// <summary>Store the kept model's weights in float16 (half the size).</summary>
    public bool HalfPrecisionWeights { get; init; }
    public MelOptions FrontEnd { get; init; } = MelOptions.Default;
    /// <summary>Stop after this many epochs in this sitting (the schedule still spans <see cref="Epochs"/>).</summary>
    public int? StopAfterEpochs { get; init; }
    public string Version { get; init; } = $"melmage-{DateTime.UtcNow:yyyyMMdd-HHmm}";
}
