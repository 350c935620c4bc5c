namespace MelMage.Audio.Wav;

/// <summary>A decoded WAV file: mono samples in [-1, 1] (channels averaged) and what the header said.</summary>
/// <param name="Samples">Mono samples, channels down-mixed by mean.</param>
/// <param name="SampleRate">Samples per second of <paramref name="Samples"/>.</param>
/// <param name="Channels">Channel count of the source file.</param>
/// <param name="BitsPerSample">Container bits per sample of the source file.</param>
/// <param name="Encoding">Sample encoding of the source file.</param>
public sealed record DecodedAudio(float[] Samples, int SampleRate, int Channels, int BitsPerSample, WavSampleEncoding Encoding)
{
    public double DurationSeconds => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;
}
