namespace MelMage.Audio.Wav;

/// <summary>The format tags the decoder understands, and names for the ones people commonly send by mistake.</summary>
internal static class WavFormatTags
{
    public const ushort Pcm = 0x0001;
    public const ushort IeeeFloat = 0x0003;
    public const ushort Extensible = 0xFFFE;

    /// <summary>A human name for a codec tag, so the error says "MP3 inside WAV" rather than a bare number.</summary>
    public static string? Describe(ushort tag) => tag switch
    {
        0x0000 => "unknown/invalid format",
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0022 => "TrueSpeech",
        0x0031 => "GSM 6.10",
        0x0040 => "G.721 ADPCM",
        0x0050 => "MPEG audio inside WAV",
        0x0055 => "MP3 inside WAV",
        0x00FF => "AAC inside WAV",
        0x0160 or 0x0161 or 0x0162 or 0x0163 => "Windows Media Audio inside WAV",
        0x1610 => "HE-AAC inside WAV",
        0x2000 => "Dolby AC-3 inside WAV",
        0x2001 => "DTS inside WAV",
        0xF1AC => "FLAC inside WAV",
        _ => null,
    };
}
