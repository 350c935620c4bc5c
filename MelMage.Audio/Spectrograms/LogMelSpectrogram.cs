namespace MelMage.Audio.Spectrograms;

/// <summary>STFT → mel filterbank → dB, equal to torchaudio's MelSpectrogram + AmplitudeToDB with the same options.
/// Thread-safe after construction.</summary>
public sealed class LogMelSpectrogram(MelOptions options)
{
    public MelOptions Options { get; } = options;

    /// <summary>Frames produced for <paramref name="sampleCount"/> samples (centred STFT).</summary>
    public int FrameCount(int sampleCount) => sampleCount / Options.HopLength + 1;

    public Spectrogram Compute(ReadOnlySpan<float> samples) => throw new NotImplementedException();
}
