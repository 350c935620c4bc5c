namespace MelMage.Audio.Wav;

/// <summary>Container facts about each <see cref="WavSampleEncoding"/>.</summary>
public static class WavSampleEncodingExtensions
{
    /// <summary>Bits each sample occupies in the file.</summary>
    public static int BitsPerSample(this WavSampleEncoding encoding) => encoding switch
    {
        WavSampleEncoding.PcmUnsigned8 => 8,
        WavSampleEncoding.Pcm16 => 16,
        WavSampleEncoding.Pcm24 => 24,
        WavSampleEncoding.Pcm32 => 32,
        WavSampleEncoding.Float32 => 32,
        WavSampleEncoding.Float64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown sample encoding."),
    };

    /// <summary>True for the IEEE float encodings (format tag 3), false for integer PCM (format tag 1).</summary>
    public static bool IsFloat(this WavSampleEncoding encoding) =>
        encoding is WavSampleEncoding.Float32 or WavSampleEncoding.Float64;
}
