using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MelMage.Audio.Resampling;

/// <summary>Band-limited sample-rate conversion with an anti-aliasing low-pass filter.</summary>
/// <remarks>A Kaiser-windowed sinc polyphase filter with its cutoff at 95 % of the lower of the two Nyquist frequencies
/// and ≥ 80 dB (designed) stop-band from that Nyquist frequency up. Output sample k lies at input time k·from/to,
/// computed with the exact rational ratio; when that ratio would need too many phases the filter is interpolated
/// between 512 phases. Samples beyond either end of the input count as silence. Filter banks are cached per ratio.
/// </remarks>
public static class Resampler
{
    /// <summary>Converts <paramref name="input"/> from <paramref name="fromRate"/> to <paramref name="toRate"/> Hz.
    /// Returns the input (copied) when the rates are equal.</summary>
    /// <returns>round(input.Length × toRate / fromRate) samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate below 1 Hz.</exception>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        if (fromRate == toRate) return input.ToArray();

        var outputLength = OutputLength(input.Length, fromRate, toRate);
        if (outputLength == 0) return [];

        var gcd = GreatestCommonDivisor(fromRate, toRate);
        var up = toRate / gcd;
        var down = fromRate / gcd;
        var bank = FilterBankCache.Get(up, down);
        var output = new float[outputLength];
        Filter(input, bank, up, down, output);
        return output;
    }

    /// <summary>The number of samples <see cref="Resample"/> returns: round(length × toRate / fromRate).</summary>
    public static int OutputLength(int inputLength, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        var length = ((Int128)inputLength * toRate * 2 + fromRate) / ((Int128)fromRate * 2);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"Resampling {inputLength} samples to {toRate} Hz gives more samples than an " +
                "array holds.", nameof(inputLength));
        }
        return (int)length;
    }

    private static void Filter(ReadOnlySpan<float> input, PolyphaseFilterBank bank, int up, int down, Span<float> output)
    {
        // Output k sits at input time k·down/up = n + r/up; its taps start at input n - HalfTaps + 1, i.e. at n + 1 in
        // a copy of the input shifted by HalfTaps and framed in zeros, so the inner loop never checks bounds.
        var lastN = (long)(output.Length - 1) * down / up;
        var paddedLength = checked((int)(Math.Max(input.Length, lastN + 1) + bank.HalfTaps + bank.Stride + 1));
        var padded = ArrayPool<float>.Shared.Rent(paddedLength);
        try
        {
            var work = padded.AsSpan(0, paddedLength);
            work.Clear();
            input.CopyTo(work[bank.HalfTaps..]);

            var step = down / up;
            var stepRemainder = down % up;
            var n = 0;
            var r = 0;
            for (var k = 0; k < output.Length; k++)
            {
                var window = work.Slice(n + 1, bank.Stride);
                output[k] = bank.Interpolated ? Interpolate(bank, window, (double)r / up) : Dot(bank.Row(r), window);
                n += step;
                r += stepRemainder;
                if (r >= up)
                {
                    r -= up;
                    n++;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    private static float Interpolate(PolyphaseFilterBank bank, ReadOnlySpan<float> window, double phase)
    {
        var position = phase * bank.Phases;
        var p = (int)position;
        var weight = (float)(position - p);
        var low = Dot(bank.Row(p), window);
        var high = Dot(bank.Row(p + 1), window);
        return low + weight * (high - low);
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> window)
    {
        // Stride is a multiple of 16, so whole vectors cover the row for every Vector<float> width.
        ref var t = ref MemoryMarshal.GetReference(taps);
        ref var w = ref MemoryMarshal.GetReference(window);
        var acc = Vector<float>.Zero;
        for (nuint i = 0; i < (nuint)taps.Length; i += (nuint)Vector<float>.Count)
        {
            acc += Vector.LoadUnsafe(ref t, i) * Vector.LoadUnsafe(ref w, i);
        }
        return Vector.Sum(acc);
    }
}
