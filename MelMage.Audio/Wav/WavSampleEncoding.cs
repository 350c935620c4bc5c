namespace MelMage.Audio.Wav;

/// <summary>Sample encodings the decoder reads and the encoder writes.</summary>
public enum WavSampleEncoding
{
    PcmUnsigned8,
    Pcm16,
    Pcm24,
    Pcm32,
    Float32,
    Float64,
}
