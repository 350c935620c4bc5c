using System.Text.Json.Serialization;
using MelMage.Audio.Spectrograms;

namespace MelMage.Model.Training;

/// <summary>A training run. Defaults are the seed's recipe.</summary>
public sealed record TrainingOptions
{
    public required string DataDirectory { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>The fold held out for testing; null trains on everything (no held-out score). Written even when null:
    /// left out, it would read back as the default 5 and a run without a test fold could not resume.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? TestFold { get; init; } = 5;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 32;
    public int Seed { get; init; }
    public double LearningRate { get; init; } = 5e-4;
    public double WeightDecay { get; init; } = 0.01;
    public double MaxLearningRate { get; init; } = 2e-3;
    public double WarmupFraction { get; init; } = 0.1;
    public double LabelSmoothing { get; init; } = 0.1;
    /// <summary>null: every class in the metadata; <c>esc10</c>; or a comma-separated list of categories.</summary>
    public string? Classes { get; init; }
    public FoldScheme Folds { get; init; } = FoldScheme.Official;
    /// <summary>Widest frequency mask (mel bins) and time mask (frames); SpecAugment.</summary>
    public int FrequencyMask { get; init; } = 30;
    public int TimeMask { get; init; } = 80;
    /// <summary>How many frequency and time masks each training example gets.</summary>
    public int FrequencyMasks { get; init; } = 1;
    public int TimeMasks { get; init; } = 1;
    /// <summary>Roll each training spectrogram by a random number of frames (circularly), so a sound's position in the
    /// clip is not a cue.</summary>
    public bool TimeShift { get; init; }
    /// <summary>Random gain of up to ± this many dB on each training example.</summary>
    public double GainDb { get; init; }
    /// <summary>Share of training examples that get another training clip mixed in underneath as background, at a
    /// signal-to-background ratio drawn from [<see cref="BackgroundMinSnrDb"/>, <see cref="BackgroundMaxSnrDb"/>].
    /// The label stays the foreground's.</summary>
    public double BackgroundProbability { get; init; }
    public double BackgroundMinSnrDb { get; init; } = 10;
    public double BackgroundMaxSnrDb { get; init; } = 20;
    /// <summary>Keep an exponential moving average of the weights with this decay (e.g. 0.999) and evaluate and ship
    /// it instead of the raw weights; null: off.</summary>
    public double? EmaDecay { get; init; }
    /// <summary>Test-time augmentation for the held-out evaluation: the mean of the softmax over this many circular
    /// time shifts of each clip (1: off). A model trained with it is served the same way (its <c>model.json</c>
    /// testTimeShifts), and a cross-validation reports its folds both with and without it.</summary>
    public int TestTimeShifts { get; init; } = 1;
    public float MaskValue { get; init; }
    /// <summary>0: each epoch shows every training clip once; up to 1: classes are sampled towards equal shares
    /// (<see cref="EpochSampler"/>; 0.5 is square-root sampling).</summary>
    public double ClassBalance { get; init; }
    public double MixupProbability { get; init; } = 0.3;
    public double MixupAlpha { get; init; } = 0.2;
    public double Dropout { get; init; } = 0.5;
    /// <summary>Continue from the checkpoint in <see cref="OutputDirectory"/>.</summary>
    public bool Resume { get; init; }
    /// <summary>Which model becomes <c>OUT/model</c>: "final" (the last epoch; an honest held-out score) or "best"
    /// (the epoch with the best test accuracy; that score is optimistic, being chosen on the test fold).</summary>
    public string Keep { get; init; } = "final";
    /// <summary>Run the training forward and backward passes in bfloat16 with float32 weights, gradients, optimizer
    /// state and batch-norm statistics (<see cref="Network.MixedPrecision"/>); evaluation stays float32.</summary>
    public bool MixedPrecision { get; init; }
    /// <summary>Store the kept model's weights in float16 (half the size).</summary>
    public bool HalfPrecisionWeights { get; init; }
    public MelOptions FrontEnd { get; init; } = MelOptions.Default;
    /// <summary>Stop after this many epochs in this sitting (the schedule still spans <see cref="Epochs"/>).</summary>
    public int? StopAfterEpochs { get; init; }
    public string Version { get; init; } = $"melmage-{DateTime.UtcNow:yyyyMMdd-HHmm}";

    /// <summary>True when <paramref name="other"/> trains the same way (it may differ in where it is in its sittings,
    /// its version name and whether it resumes), so that its checkpoint or result can be continued or reused.</summary>
    public bool SameRecipe(TrainingOptions other)
    {
        static TrainingOptions Comparable(TrainingOptions o) => o with { Resume = false, StopAfterEpochs = null, Version = "" };
        return Comparable(this) == Comparable(other);
    }
}
