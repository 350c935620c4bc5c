using MelMage.Audio.Spectrograms;

namespace MelMage.Model.Training;

/// <summary>The named log-mel front ends a model can be trained with. The choice is stored in the checkpoint, and the
/// engine resamples every input to it, so models of both kinds load and serve side by side.</summary>
public static class FrontEnds
{
    public const string Default = "44k";

    /// <summary>44.1 kHz, n_fft 1024, hop 512, 128 mels over 0–22,050 Hz: 431 frames for 5 s.</summary>
    public static MelOptions Full { get; } = MelOptions.Default;

    /// <summary>22.05 kHz, n_fft 1024, hop 512, 128 mels over 0–11,025 Hz (the seed's stated configuration): 216 frames
    /// for 5 s, so every forward and training step costs about half.</summary>
    public static MelOptions Half { get; } = new() { SampleRate = 22050, FMax = 11025 };

    public static MelOptions Parse(string name) => name switch
    {
        "44k" => Full,
        "22k" => Half,
        _ => throw new ArgumentException($"Unknown front end '{name}': use 44k or 22k."),
    };
}
