using System.Numerics;

namespace MelMage.Tests.Audio.Support;

/// <summary>Test signals and the measurements the audio tests make on them.</summary>
internal static class Signals
{
    public static float[] Sine(int sampleRate, double frequency, double amplitude, int length, double phase = 0)
    {
        var samples = new float[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate + phase));
        }
        return samples;
    }

    /// <summary>Amplitude of the component at <paramref name="frequency"/> by a single-bin DFT; exact for a segment
    /// that holds a whole number of its cycles.</summary>
    public static double Amplitude(ReadOnlySpan<float> segment, int sampleRate, double frequency)
    {
        double re = 0, im = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var angle = 2 * Math.PI * frequency * i / sampleRate;
            re += segment[i] * Math.Cos(angle);
            im -= segment[i] * Math.Sin(angle);
        }
        return 2 * Math.Sqrt(re * re + im * im) / segment.Length;
    }

    public static double Rms(ReadOnlySpan<float> segment)
    {
        var sum = 0.0;
        foreach (var x in segment) sum += (double)x * x;
        return Math.Sqrt(sum / segment.Length);
    }

    /// <summary>Power per FFT bin (bins 0..n/2) of a 4-term Blackman-Harris-windowed segment whose length is a power of
    /// two; the window's -92 dB side lobes keep leakage below the levels the tests look for.</summary>
    public static double[] PowerSpectrum(ReadOnlySpan<float> segment)
    {
        var n = segment.Length;
        if (!BitOperations.IsPow2(n)) throw new ArgumentException("Length must be a power of two.", nameof(segment));
        var bins = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            var t = 2 * Math.PI * i / n;
            var w = 0.35875 - 0.48829 * Math.Cos(t) + 0.14128 * Math.Cos(2 * t) - 0.01168 * Math.Cos(3 * t);
            bins[i] = segment[i] * w;
        }
        Fft(bins);
        var power = new double[n / 2 + 1];
        for (var k = 0; k < power.Length; k++) power[k] = bins[k].Magnitude * bins[k].Magnitude;
        return power;
    }

    private static void Fft(Complex[] a)
    {
        var n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
        }
        for (var len = 2; len <= n; len <<= 1)
        {
            var step = Complex.FromPolarCoordinates(1, -2 * Math.PI / len);
            for (var start = 0; start < n; start += len)
            {
                var w = Complex.One;
                for (var k = 0; k < len / 2; k++)
                {
                    var u = a[start + k];
                    var v = a[start + k + len / 2] * w;
                    a[start + k] = u + v;
                    a[start + k + len / 2] = u - v;
                    w *= step;
                }
            }
        }
    }
}
