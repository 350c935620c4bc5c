using MelMage.Audio.Wav;

namespace MelMage.Audio.Decoding;

/// <summary>Limits and tools for decoding untrusted uploads of any format.</summary>
public sealed record AudioDecodeOptions
{
    public static AudioDecodeOptions Default { get; } = new();

    /// <summary>Longest audio accepted, in seconds; longer is refused from the header (or ffprobe's duration) before
    /// any samples are decoded, and a file that decodes to more is stopped at this length.</summary>
    public double MaxDurationSeconds { get; init; } = 600;

    /// <summary>Largest file accepted, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Most channels accepted.</summary>
    public int MaxChannels { get; init; } = 64;

    /// <summary>The ffmpeg executable (a name looked up on PATH, or a path).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>The ffprobe executable (a name looked up on PATH, or a path).</summary>
    public string FfprobePath { get; init; } = "ffprobe";

    /// <summary>Wall-clock limit for decoding one compressed file (probe and decode together).</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Address-space limit of each ffmpeg/ffprobe process, in bytes (applied with util-linux's prlimit when it
    /// is installed).</summary>
    public long DecoderMemoryLimitBytes { get; init; } = 1024L * 1024 * 1024;

    internal WavDecodeLimits WavLimits => new(MaxDurationSeconds, MaxChannels) { MaxFileBytes = MaxFileBytes };
}
