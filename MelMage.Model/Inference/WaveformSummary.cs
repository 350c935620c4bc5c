namespace MelMage.Model.Inference;

/// <summary>Reduces samples to per-bucket minimum and maximum, which draws the same picture as the full waveform.</summary>
public static class WaveformSummary
{
    public static Waveform From(ReadOnlySpan<float> samples, int sampleRate, int points)
    {
        var n = Math.Max(1, Math.Min(points, samples.Length));
        var min = new float[n];
        var max = new float[n];
        for (var i = 0; i < n; i++)
        {
            var from = (int)((long)i * samples.Length / n);
            var to = (int)((long)(i + 1) * samples.Length / n);
            float lo = 0, hi = 0;
            if (to > from)
            {
                lo = float.MaxValue;
                hi = float.MinValue;
                foreach (var s in samples[from..to])
                {
                    if (s < lo) lo = s;
                    if (s > hi) hi = s;
                }
            }
            min[i] = lo;
            max[i] = hi;
        }
        return new Waveform(min, max, sampleRate, sampleRate == 0 ? 0 : (double)samples.Length / sampleRate);
    }
}
