using MelMage.Model.Checkpoints;

namespace MelMage.Model.Inference;

/// <summary>Cuts audio longer than one window into windows of <see cref="WindowSpec.Seconds"/> every
/// <see cref="WindowSpec.HopSeconds"/>; the last window ends at the end of the audio. Shorter audio is one window.</summary>
public static class AnalysisWindows
{
    public static IReadOnlyList<(int Start, int Length)> Split(int sampleCount, int sampleRate, WindowSpec spec)
    {
        var window = (int)Math.Round(spec.Seconds * sampleRate);
        var hop = Math.Max(1, (int)Math.Round(spec.HopSeconds * sampleRate));
        if (sampleCount <= window) return [(0, sampleCount)];
        var windows = new List<(int, int)>();
        var start = 0;
        for (; start + window < sampleCount; start += hop) windows.Add((start, window));
        windows.Add((sampleCount - window, window));
        return windows;
    }
}
