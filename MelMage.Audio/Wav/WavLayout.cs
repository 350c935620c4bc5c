namespace MelMage.Audio.Wav;

/// <summary>Where the fmt body and the audio bytes lie in the file.</summary>
/// <param name="FormatOffset">Start of the fmt chunk body.</param>
/// <param name="FormatLength">Length of the fmt chunk body.</param>
/// <param name="DataOffset">Start of the audio bytes.</param>
/// <param name="DataLength">Audio bytes actually present (never more than the file holds).</param>
/// <param name="MissingDataBytes">Bytes the data chunk's size promises beyond the end of the file: 0 for a complete
/// file and for a streaming writer's placeholder size (0 or 0xFFFFFFFF), which promises nothing.</param>
internal readonly record struct WavLayout(int FormatOffset, int FormatLength, int DataOffset, int DataLength,
    long MissingDataBytes = 0);
