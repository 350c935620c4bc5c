namespace MelMage.Audio.Spectrograms;

/// <summary>Parameters of the log-mel front end. Defaults are the model's: torchaudio's MelSpectrogram defaults at
/// 44.1 kHz (periodic Hann, centred reflect padding, power 2, HTK mel scale, no filter normalisation) + AmplitudeToDB.</summary>
public sealed record MelOptions
{
    public int SampleRate { get; init; } = 44100;
    public int NFft { get; init; } = 1024;
    public int HopLength { get; init; } = 512;
    public int NMels { get; init; } = 128;
    public double FMin { get; init; }
    /// <summary>Upper edge of the filterbank; null means Nyquist.</summary>
    public double? FMax { get; init; } = 22050;
    /// <summary>Power floor before conversion to decibels (AmplitudeToDB's amin).</summary>
    public double MinPower { get; init; } = 1e-10;

    public static MelOptions Default { get; } = new();
}
