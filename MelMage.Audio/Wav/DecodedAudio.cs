namespace MelMage.Audio.Wav;

/// <summary>Decoded audio: mono samples in [-1, 1] (channels averaged) and what the source said.</summary>
/// <param name="Samples">Mono samples, channels down-mixed by mean; never NaN or infinite (see
/// <see cref="NonFiniteSamples"/>).</param>
/// <param name="SampleRate">Samples per second of <paramref name="Samples"/>.</param>
/// <param name="Channels">Channel count of the source file.</param>
/// <param name="BitsPerSample">Container bits per sample of the source file (32 for compressed formats, which are
/// decoded to float).</param>
/// <param name="Encoding">Sample encoding of the source file (<see cref="WavSampleEncoding.Float32"/> for compressed
/// formats).</param>
public sealed record DecodedAudio(float[] Samples, int SampleRate, int Channels, int BitsPerSample, WavSampleEncoding Encoding)
{
    public double DurationSeconds => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;

    /// <summary>Source samples that were NaN or infinite (replaced by 0 in <see cref="Samples"/>);
    /// <see cref="Decoding.AudioChecks"/> refuses audio that has any.</summary>
    public long NonFiniteSamples { get; init; }

    /// <summary>The container format, for people: "WAV", "MP3", "FLAC", ...</summary>
    public string Container { get; init; } = "WAV";

    /// <summary>Things a person should know about the file that did not stop it being decoded (a WAV whose data was
    /// cut short, for instance).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
