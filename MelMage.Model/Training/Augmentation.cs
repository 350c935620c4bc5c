namespace MelMage.Model.Training;

/// <summary>SpecAugment-style masking and mixup on spectrograms, driven by one seeded random source so that a run
/// is reproducible epoch by epoch.</summary>
public static class Augmentation
{
    /// <summary>Masks one band of up to <paramref name="maxFrequency"/> mel bins and one span of up to
    /// <paramref name="maxTime"/> frames (widths uniform in [0, max)), as torchaudio's FrequencyMasking and
    /// TimeMasking do, in place on a row-major [mels, frames] plane.</summary>
    public static void MaskInPlace(Span<float> plane, int mels, int frames, int maxFrequency, int maxTime, float value, Random random)
    {
        if (maxFrequency > 0)
        {
            var width = random.Next(Math.Min(maxFrequency, mels));
            var start = random.Next(mels - width + 1);
            plane.Slice(start * frames, width * frames).Fill(value);
        }
        if (maxTime > 0)
        {
            var width = random.Next(Math.Min(maxTime, frames));
            var start = random.Next(frames - width + 1);
            for (var m = 0; m < mels; m++) plane.Slice(m * frames + start, width).Fill(value);
        }
    }

    /// <summary>Rolls a row-major [mels, frames] plane <paramref name="shift"/> frames to the right, circularly.</summary>
    public static void RollFrames(Span<float> plane, int mels, int frames, int shift)
    {
        shift = ((shift % frames) + frames) % frames;
        if (shift == 0) return;
        for (var m = 0; m < mels; m++)
        {
            var row = plane.Slice(m * frames, frames);
            row.Reverse();
            row[..shift].Reverse();
            row[shift..].Reverse();
        }
    }

    /// <summary>A gain of <paramref name="db"/> decibels on a decibel spectrogram: a constant offset.</summary>
    public static void AddGainDb(Span<float> plane, float db)
    {
        for (var i = 0; i < plane.Length; i++) plane[i] += db;
    }

    /// <summary>
    /// Mixes <paramref name="background"/> under <paramref name="plane"/> (both power spectrograms in dB), scaled so that
    /// the foreground's mean power is <paramref name="snrDb"/> above the background's: the sum is taken in power, as if
    /// the two recordings had been added (their phases being unrelated, powers add on average).
    /// </summary>
    public static void MixBackgroundDb(Span<float> plane, ReadOnlySpan<float> background, double snrDb)
    {
        double foregroundPower = 0, backgroundPower = 0;
        for (var i = 0; i < plane.Length; i++)
        {
            foregroundPower += Math.Pow(10, plane[i] / 10.0);
            backgroundPower += Math.Pow(10, background[i] / 10.0);
        }
        if (backgroundPower <= 0 || foregroundPower <= 0) return;
        var weight = foregroundPower / backgroundPower * Math.Pow(10, -snrDb / 10);
        for (var i = 0; i < plane.Length; i++)
            plane[i] = (float)(10 * Math.Log10(Math.Pow(10, plane[i] / 10.0) + weight * Math.Pow(10, background[i] / 10.0)));
    }

    /// <summary>A draw from Beta(α, α) via two Gamma(α) draws.</summary>
    public static double SampleBeta(double alpha, Random random)
    {
        var x = SampleGamma(alpha, random);
        var y = SampleGamma(alpha, random);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    // Marsaglia–Tsang; for shape < 1, Gamma(a) = Gamma(a + 1) · U^(1/a).
    private static double SampleGamma(double shape, Random random)
    {
        if (shape < 1) return SampleGamma(shape + 1, random) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
