namespace MelMage.Audio.Spectrograms;

/// <summary>Maps an index outside a signal back into it by mirror reflection about the end samples (not repeating
/// them), as torch's "reflect" padding and numpy's <c>np.pad(..., mode="reflect")</c> do. Where the padding is
/// longer than the signal, torch refuses; this keeps reflecting back and forth, as numpy does, so a signal of any
/// length n ≥ 2 extends with period 2(n − 1). A single sample extends as a constant; an empty signal is handled by
/// the caller (as zeros).</summary>
internal static class ReflectPadding
{
    /// <summary>The source index in [0, length) for <paramref name="index"/>, which may be negative or ≥ length.</summary>
    public static int SourceIndex(int index, int length)
    {
        if ((uint)index < (uint)length) return index;
        if (length == 1) return 0;
        var period = 2 * (length - 1);
        var folded = index % period;
        if (folded < 0) folded += period;
        return folded < length ? folded : period - folded;
    }
}
