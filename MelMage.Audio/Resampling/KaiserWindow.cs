namespace MelMage.Audio.Resampling;

/// <summary>The Kaiser window and Kaiser's empirical design formulas (Oppenheim &amp; Schafer, 7.6).</summary>
internal static class KaiserWindow
{
    /// <summary>The shape parameter β that reaches <paramref name="attenuationDb"/> of stop-band attenuation.</summary>
    public static double Beta(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21),
        _ => 0,
    };

    /// <summary>The window at <paramref name="x"/> in [-1, 1] (0 outside).</summary>
    public static double Value(double x, double beta)
    {
        if (Math.Abs(x) > 1) return 0;
        return BesselI0(beta * Math.Sqrt(1 - x * x)) / BesselI0(beta);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges quickly for
    /// the β values a window uses).</summary>
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var halfX = x / 2;
        for (var k = 1; k < 200; k++)
        {
            term *= halfX / k * (halfX / k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
