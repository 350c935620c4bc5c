using System.Buffers;

namespace MelMage.Audio.Spectrograms;

/// <summary>STFT → mel filterbank → dB, equal to torchaudio's MelSpectrogram + AmplitudeToDB with the same options.
/// Thread-safe after construction.</summary>
/// <remarks>
/// Frames are centred: the signal is extended by n_fft/2 samples on each side by reflection, and frame t covers
/// extended samples [t·hop, t·hop + n_fft), so there are ⌊samples / hop⌋ + 1 frames. torch refuses reflect padding
/// when the signal has n_fft/2 samples or fewer; here a short signal keeps reflecting back and forth as numpy's
/// <c>np.pad(x, n_fft // 2, mode="reflect")</c> does, a single sample extends as a constant, and an empty signal
/// gives one frame of silence (every band at 10·log10(<see cref="MelOptions.MinPower"/>)).
/// The arithmetic is double precision; torchaudio in float32 agrees within rounding (see the tests).
/// </remarks>
public sealed class LogMelSpectrogram
{
    private readonly double[] _window;
    private readonly RealFft _fft;
    private readonly double _minPower;

    /// <summary>Precomputes the window, FFT tables and filterbank for <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are out of range (see <see cref="MelOptions.Validate"/>).</exception>
    public LogMelSpectrogram(MelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _window = HannWindow.Periodic(options.NFft);
        _fft = new RealFft(options.NFft);
        FilterBank = new MelFilterBank(options);
        _minPower = options.MinPower;
    }

    /// <summary>The parameters this instance was built for.</summary>
    public MelOptions Options { get; }

    /// <summary>The mel filters applied to each power spectrum.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>Frames produced for <paramref name="sampleCount"/> samples (centred STFT).</summary>
    public int FrameCount(int sampleCount) => sampleCount / Options.HopLength + 1;

    /// <summary>Values <see cref="Compute(ReadOnlySpan{float}, Span{float})"/> writes for
    /// <paramref name="sampleCount"/> samples: mels × frames.</summary>
    public int OutputLength(int sampleCount) => checked(Options.NMels * FrameCount(sampleCount));

    /// <summary>The log-mel spectrogram of mono <paramref name="samples"/> at <see cref="MelOptions.SampleRate"/>.</summary>
    public Spectrogram Compute(ReadOnlySpan<float> samples)
    {
        var values = new float[OutputLength(samples.Length)];
        Compute(samples, values);
        return new Spectrogram(values, Options.NMels, FrameCount(samples.Length));
    }

    /// <summary>Writes the log-mel spectrogram of <paramref name="samples"/> into <paramref name="destination"/>,
    /// row-major [mel, frame] in dB, without allocating.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than
    /// <see cref="OutputLength"/>.</exception>
    public void Compute(ReadOnlySpan<float> samples, Span<float> destination)
    {
        var frames = FrameCount(samples.Length);
        var mels = Options.NMels;
        if (destination.Length < OutputLength(samples.Length))
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} values; {mels} × {frames} are needed.", nameof(destination));
        }

        var n = Options.NFft;
        var bins = n / 2 + 1;
        var rented = ArrayPool<double>.Shared.Rent(n + _fft.ScratchLength + bins + mels);
        try
        {
            var buffer = rented.AsSpan();
            var frame = buffer[..n];
            var scratch = buffer.Slice(n, _fft.ScratchLength);
            var power = buffer.Slice(n + _fft.ScratchLength, bins);
            var column = buffer.Slice(n + _fft.ScratchLength + bins, mels);
            for (var t = 0; t < frames; t++)
            {
                LoadFrame(samples, t * Options.HopLength - n / 2, frame);
                _fft.PowerSpectrum(frame, power, scratch);
                FilterBank.Apply(power, column);
                for (var m = 0; m < mels; m++)
                {
                    destination[m * frames + t] = (float)(10.0 * Math.Log10(Math.Max(column[m], _minPower)));
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    // Windowed frame whose first sample is signal index `start` (negative or past the end inside the padding).
    private void LoadFrame(ReadOnlySpan<float> samples, int start, Span<double> frame)
    {
        var window = _window.AsSpan();
        if (start >= 0 && start + frame.Length <= samples.Length)
        {
            var source = samples.Slice(start, frame.Length);
            for (var j = 0; j < frame.Length; j++) frame[j] = source[j] * window[j];
        }
        else if (samples.IsEmpty)
        {
            frame.Clear();
        }
        else
        {
            for (var j = 0; j < frame.Length; j++)
            {
                frame[j] = samples[ReflectPadding.SourceIndex(start + j, samples.Length)] * window[j];
            }
        }
    }
}
