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
