namespace MelMage.Audio.Resampling;

/// <summary>A Kaiser-windowed sinc low-pass sampled at fractional offsets: row p holds the taps that produce an output
/// sample lying p/<see cref="Phases"/> of an input period after an input sample. Rows are padded with zeros to a
/// multiple of 16 taps so the dot products need no scalar tail.</summary>
internal sealed class PolyphaseFilterBank
{
    /// <summary>Fraction of the lower Nyquist frequency where the cutoff sits, leaving room for the transition band to
    /// end at Nyquist itself.</summary>
    public const double Rolloff = 0.95;

    /// <summary>Designed stop-band attenuation; the requirement is 60 dB, the rest is margin for the approximation in
    /// Kaiser's formulas and float rounding.</summary>
    public const double AttenuationDb = 80;

    private const int MaxExactPhases = 4096;
    private const long MaxExactCoefficients = 1L << 20;
    private const int InterpolatedPhases = 512;
    // Down-sampling by more than about 160:1 would need ever longer filters; past that the transition band widens
    // instead, so memory and time stay bounded for absurd rate pairs.
    private const int MaxHalfWidth = 8192;
    private const int TapAlignment = 16;

    private PolyphaseFilterBank(int phases, bool interpolated, int halfTaps, int stride, float[] coefficients)
    {
        Phases = phases;
        Interpolated = interpolated;
        HalfTaps = halfTaps;
        Stride = stride;
        Coefficients = coefficients;
    }

    /// <summary>Rows that divide one input period; with <see cref="Interpolated"/> there is one extra row at 1.</summary>
    public int Phases { get; }

    /// <summary>True when the rows are a grid to interpolate between rather than the exact phases of the ratio.</summary>
    public bool Interpolated { get; }

    /// <summary>Taps each side of the output instant: row taps cover input samples n-HalfTaps+1 .. n+HalfTaps.</summary>
    public int HalfTaps { get; }

    /// <summary>Floats per row (2 × <see cref="HalfTaps"/>, rounded up for SIMD).</summary>
    public int Stride { get; }

    public float[] Coefficients { get; }

    public ReadOnlySpan<float> Row(int phase) => Coefficients.AsSpan(phase * Stride, Stride);

    /// <summary>Designs the bank for output/input ratio <paramref name="up"/>/<paramref name="down"/> (coprime).</summary>
    public static PolyphaseFilterBank Design(int up, int down)
    {
        var scale = Math.Min(1.0, (double)up / down);
        var nyquist = 0.5 * scale;
        var cutoff = Rolloff * nyquist;
        var transition = 2 * (nyquist - cutoff);
        var beta = KaiserWindow.Beta(AttenuationDb);
        // Kaiser: N - 1 = (A - 8) / (2.285 · 2π · Δf), Δf in cycles per input sample; half of it on each side.
        var halfWidth = Math.Min((AttenuationDb - 8) / (2.285 * 2 * Math.PI * transition) / 2, MaxHalfWidth);
        var halfTaps = (int)Math.Ceiling(halfWidth);
        var stride = (2 * halfTaps + TapAlignment - 1) / TapAlignment * TapAlignment;

        var exact = up <= MaxExactPhases && (long)up * stride <= MaxExactCoefficients;
        var phases = exact ? up : InterpolatedPhases;
        var rows = exact ? phases : phases + 1;
        var coefficients = new float[rows * stride];
        var row = new double[2 * halfTaps];
        for (var p = 0; p < rows; p++)
        {
            var phase = (double)p / phases;
            var sum = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                var distance = phase + halfTaps - 1 - j;
                row[j] = 2 * cutoff * Sinc(2 * cutoff * distance) * KaiserWindow.Value(distance / halfWidth, beta);
                sum += row[j];
            }
            // Each row's taps sum to one so DC passes at unit gain whatever the phase; otherwise the tiny per-phase
            // gain differences would modulate a constant signal at the phase rate.
            for (var j = 0; j < row.Length; j++) coefficients[p * stride + j] = (float)(row[j] / sum);
        }
        return new PolyphaseFilterBank(phases, !exact, halfTaps, stride, coefficients);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
