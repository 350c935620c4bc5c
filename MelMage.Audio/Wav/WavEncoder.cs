namespace MelMage.Audio.Wav;

/// <summary>Writes canonical RIFF/WAVE files (fixtures, exports).</summary>
public static class WavEncoder
{
    /// <summary>Encodes interleaved samples in [-1, 1].</summary>
    public static byte[] Encode(ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1,
        WavSampleEncoding encoding = WavSampleEncoding.Pcm16) => throw new NotImplementedException();
}
