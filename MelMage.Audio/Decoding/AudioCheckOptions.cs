namespace MelMage.Audio.Decoding;

/// <summary>Thresholds of <see cref="AudioChecks"/>.</summary>
public sealed record AudioCheckOptions
{
    public static AudioCheckOptions Default { get; } = new();

    /// <summary>Shortest audio classified, in seconds (default 0.5 s); shorter is refused.</summary>
    public double MinDurationSeconds { get; init; } = 0.5;

    /// <summary>Audio whose peak stays below this level, in dBFS, is answered as silent instead of classified. The
    /// default, -90 dBFS, sits just above one least-significant bit of 16-bit audio (-90.3 dBFS): digital silence and
    /// dither are silent, any real recording (even a very quiet one) is not.</summary>
    public double SilenceFloorDbfs { get; init; } = -90;
}
