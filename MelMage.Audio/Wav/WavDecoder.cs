namespace MelMage.Audio.Wav;

/// <summary>Reads RIFF/WAVE files: PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, any channel count
/// (down-mixed to mono by mean) and any sample rate.</summary>
public static class WavDecoder
{
    /// <summary>Decodes a whole WAV file held in memory.</summary>
    /// <exception cref="InvalidAudioException">The bytes are not a WAV file this decoder can read.</exception>
    public static DecodedAudio Decode(ReadOnlySpan<byte> file, WavDecodeLimits? limits = null) =>
        throw new NotImplementedException();
}
