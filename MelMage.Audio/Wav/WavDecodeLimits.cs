namespace MelMage.Audio.Wav;

/// <summary>Bounds that protect the decoder from hostile headers: nothing is allocated from a header's claim alone.</summary>
/// <param name="MaxDurationSeconds">Longest audio accepted, in seconds.</param>
/// <param name="MaxChannels">Most channels accepted.</param>
public sealed record WavDecodeLimits(double MaxDurationSeconds = 600, int MaxChannels = 64)
{
    public static WavDecodeLimits Default { get; } = new();

    /// <summary>Highest sample rate accepted, in Hz (the lowest is always 1 Hz).</summary>
    public int MaxSampleRate { get; init; } = 768_000;

    /// <summary>Largest file accepted, in bytes; a stream is read no further than this.</summary>
    public long MaxFileBytes { get; init; } = 512L * 1024 * 1024;
}
