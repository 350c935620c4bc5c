namespace MelMage.Audio.Spectrograms;

/// <summary>Parameters of the log-mel front end. Defaults are the model's: torchaudio's MelSpectrogram defaults at
/// 44.1 kHz (periodic Hann, centred reflect padding, power 2, HTK mel scale, no filter normalisation) + AmplitudeToDB.</summary>
public sealed record MelOptions
{
    /// <summary>Samples per second of the input.</summary>
    public int SampleRate { get; init; } = 44100;
    /// <summary>FFT size and window length; a power of two.</summary>
    public int NFft { get; init; } = 1024;
    /// <summary>Samples between the starts of successive frames.</summary>
    public int HopLength { get; init; } = 512;
    /// <summary>Number of mel bands.</summary>
    public int NMels { get; init; } = 128;
    /// <summary>Lower edge of the filterbank in hertz.</summary>
    public double FMin { get; init; }
    /// <summary>Upper edge of the filterbank; null means Nyquist.</summary>
    public double? FMax { get; init; } = 22050;
    /// <summary>Power floor before conversion to decibels (AmplitudeToDB's amin).</summary>
    public double MinPower { get; init; } = 1e-10;

    /// <summary>The model's configuration: 44.1 kHz, n_fft 1024, hop 512, 128 mels over 0–22050 Hz.</summary>
    public static MelOptions Default { get; } = new();

    /// <summary>The upper edge actually used: <see cref="FMax"/>, or torchaudio's <c>float(sample_rate // 2)</c>.</summary>
    public double MaxFrequency => FMax ?? SampleRate / 2;

    /// <summary>Throws if the options describe no computable spectrogram.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (SampleRate <= 0) throw new ArgumentException($"SampleRate must be positive, not {SampleRate}.");
        // The real FFT is radix-2; 4 is the smallest size whose half-size complex FFT has a butterfly.
        if (NFft < 4 || (NFft & (NFft - 1)) != 0)
        {
            throw new ArgumentException($"NFft must be a power of two of at least 4, not {NFft}.");
        }
        if (HopLength <= 0) throw new ArgumentException($"HopLength must be positive, not {HopLength}.");
        if (NMels <= 0) throw new ArgumentException($"NMels must be positive, not {NMels}.");
        if (!(FMin >= 0)) throw new ArgumentException($"FMin must be zero or more, not {FMin}.");
        if (!(MaxFrequency > FMin) || double.IsInfinity(MaxFrequency))
        {
            throw new ArgumentException($"The upper frequency {MaxFrequency} must be finite and above FMin {FMin}.");
        }
        if (!(MinPower > 0) || double.IsInfinity(MinPower))
        {
            throw new ArgumentException($"MinPower must be positive and finite, not {MinPower}.");
        }
    }
}
