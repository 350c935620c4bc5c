namespace MelMage.Audio.Spectrograms;

/// <summary>The HTK mel scale, mel = 2595 · log10(1 + f / 700), as torchaudio's <c>mel_scale="htk"</c>.</summary>
public static class MelScale
{
    /// <summary>Converts a frequency in hertz to mels.</summary>
    public static double HzToMel(double hertz) => 2595.0 * Math.Log10(1.0 + hertz / 700.0);

    /// <summary>Converts mels back to hertz.</summary>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
}
