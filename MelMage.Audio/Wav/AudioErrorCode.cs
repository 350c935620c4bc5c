namespace MelMage.Audio.Wav;

/// <summary>Why a file could not be decoded; stable names that the API returns to clients.</summary>
public enum AudioErrorCode
{
    Empty,
    NotRiff,
    NotWave,
    TruncatedHeader,
    MissingFormatChunk,
    MissingDataChunk,
    UnsupportedFormatTag,
    UnsupportedBitDepth,
    ZeroChannels,
    TooManyChannels,
    ZeroSampleRate,
    UnsupportedSampleRate,
    InvalidBlockAlign,
    NoSamples,
    TooLong,
    TooLarge,
    InvalidChunk,
    /// <summary>A RIFF variant the decoder does not read (RF64/BW64, big-endian RIFX).</summary>
    UnsupportedContainer,
}
