using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MelMage.Audio.Spectrograms;

namespace MelMage.Model.Checkpoints;

/// <summary>The <c>model.json</c> beside the weights: what the network is, what it expects, and how it was made.</summary>
public sealed record ModelMetadata
{
    public const string CurrentFormat = "melmage-model/1";

    public string Format { get; init; } = CurrentFormat;
    public required string Version { get; init; }
    public ArchitectureSpec Architecture { get; init; } = ArchitectureSpec.Default;
    public required IReadOnlyList<string> Labels { get; init; }
    public MelOptions FrontEnd { get; init; } = MelOptions.Default;
    public WindowSpec Window { get; init; } = WindowSpec.Default;
    /// <summary>How the model is meant to be served: the mean of the softmax over this many circular time shifts of each
    /// window (1: the window as it is). Its evaluation report was measured the same way (<c>train --tta</c>).</summary>
    public int TestTimeShifts { get; init; } = 1;
    /// <summary>How the weights are stored: "float32" or "float16".</summary>
    public string WeightsDtype { get; init; } = "float32";
    /// <summary>SHA-256 (hex) of <c>model.safetensors</c>.</summary>
    public string? WeightsSha256 { get; init; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Free-form: data, protocol, recipe, seed, duration.</summary>
    public JsonObject? Training { get; init; }
    /// <summary>Free-form: accuracies and on which split they were measured.</summary>
    public JsonObject? Evaluation { get; init; }
}

/// <summary>Shape of the residual network.</summary>
public sealed record ArchitectureSpec
{
    public string Name { get; init; } = "AudioResNet";
    public IReadOnlyList<int> Blocks { get; init; } = [3, 4, 6, 3];
    public IReadOnlyList<int> Channels { get; init; } = [64, 128, 256, 512];
    public double Dropout { get; init; } = 0.5;

    [JsonIgnore]
    public bool IsSupported => Name == "AudioResNet" && Blocks.SequenceEqual([3, 4, 6, 3]) && Channels.SequenceEqual([64, 128, 256, 512]);

    public static ArchitectureSpec Default { get; } = new();
}

/// <summary>How long audio is cut into analysis windows.</summary>
public sealed record WindowSpec(double Seconds = 5.0, double HopSeconds = 2.5)
{
    public static WindowSpec Default { get; } = new();
}
