namespace MelMage.Model.Inference;

/// <summary>How the engine runs the network.</summary>
public sealed record InferenceEngineOptions
{
    /// <summary>"auto", "cpu" or "cuda".</summary>
    public string Device { get; init; } = "auto";
    /// <summary>Numeric precision of the convolutions.</summary>
    public InferencePrecision Precision { get; init; } = InferencePrecision.Float32;
    /// <summary>libtorch intra-op threads; null = every core.</summary>
    public int? Threads { get; init; }
    /// <summary>Test-time shifts per window (1: off); null = what the model's <c>model.json</c> asks for. Each shift is
    /// one more forward pass of the window, without feature maps.</summary>
    public int? Shifts { get; init; }

    public static InferenceEngineOptions Default { get; } = new();
}

/// <summary>Float32 is exact; BFloat16 halves the work on CPUs with AVX-512 BF16 at a small cost in agreement.</summary>
public enum InferencePrecision
{
    Float32,
    BFloat16,
}
