namespace MelMage.Audio.Wav;

/// <summary>Bounds that protect the decoder from hostile headers: nothing is allocated from a header's claim alone.</summary>
/// <param name="MaxDurationSeconds">Longest audio accepted, in seconds.</param>
/// <param name="MaxChannels">Most channels accepted.</param>
public sealed record WavDecodeLimits(double MaxDurationSeconds = 600, int MaxChannels = 64)
{
    public static WavDecodeLimits Default { get; } = new();
}
