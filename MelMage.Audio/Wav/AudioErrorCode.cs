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
    /// <summary>The samples hold NaN or infinity: not a recording of sound.</summary>
    NonFiniteSamples,
    /// <summary>Shorter than the configured minimum.</summary>
    TooShort,
    /// <summary>A compressed file ffmpeg could not decode (damaged, truncated, not the format it claims).</summary>
    Undecodable,
    /// <summary>Decoding took longer than the configured time limit.</summary>
    DecodeTimeout,
    /// <summary>The server lacks the decoder this format needs (ffmpeg is not installed): not the uploader's fault.</summary>
    DecoderUnavailable,
}
