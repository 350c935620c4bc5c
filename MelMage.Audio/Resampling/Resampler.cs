namespace MelMage.Audio.Resampling;

/// <summary>Band-limited sample-rate conversion with an anti-aliasing low-pass filter.</summary>
public static class Resampler
{
    /// <summary>Converts <paramref name="input"/> from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz.
    /// Returns the input (copied) when the rates are equal.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate) =>
        throw new NotImplementedException();
}
