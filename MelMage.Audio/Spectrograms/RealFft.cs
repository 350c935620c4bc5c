using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MelMage.Audio.Spectrograms;

/// <summary>Power spectrum of a real frame of power-of-two length n, in double precision: the frame is packed as n/2
/// complex samples (even → real, odd → imaginary), transformed by an iterative radix-2 FFT and split into the
/// n/2 + 1 one-sided bins. Tables are built once; the instance is immutable and thread-safe.</summary>
internal sealed class RealFft
{
    private readonly int _half;
    private readonly int[] _bitReversed;
    // Entry h + k holds exp(-2πi·k / 2h) for the stage whose butterflies span h: each stage reads a contiguous run.
    private readonly double[] _stageCos;
    private readonly double[] _stageSin;
    // exp(-2πi·k / n) for k = 0..n/2, used to split the half-size transform into the real one.
    private readonly double[] _splitCos;
    private readonly double[] _splitSin;

    public RealFft(int length)
    {
        if (length < 4 || (length & (length - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A power of two of at least 4 is required.");
        }
        Length = length;
        _half = length / 2;

        var bits = int.Log2(_half);
        _bitReversed = new int[_half];
        for (var i = 0; i < _half; i++)
        {
            _bitReversed[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
        }

        _stageCos = new double[_half];
        _stageSin = new double[_half];
        for (var h = 1; h < _half; h <<= 1)
        {
            for (var k = 0; k < h; k++)
            {
                // SinCosPi keeps the table exact at multiples of a quarter turn, where Math.Cos(Math.PI/2) is not 0.
                (_stageSin[h + k], _stageCos[h + k]) = double.SinCosPi(-(double)k / h);
            }
        }

        _splitCos = new double[_half + 1];
        _splitSin = new double[_half + 1];
        for (var k = 0; k <= _half; k++)
        {
            (_splitSin[k], _splitCos[k]) = double.SinCosPi(-2.0 * k / length);
        }
    }

    /// <summary>Frame length n.</summary>
    public int Length { get; }

    /// <summary>Scratch doubles <see cref="PowerSpectrum"/> needs.</summary>
    public int ScratchLength => Length;

    /// <summary>|X[k]|² for k = 0..n/2 of the real frame.</summary>
    /// <param name="frame">n real samples (already windowed).</param>
    /// <param name="power">n/2 + 1 outputs.</param>
    /// <param name="scratch"><see cref="ScratchLength"/> doubles, overwritten.</param>
    public void PowerSpectrum(ReadOnlySpan<double> frame, Span<double> power, Span<double> scratch)
    {
        if (frame.Length != Length) throw new ArgumentException("Frame length differs from the FFT length.", nameof(frame));
        if (power.Length < _half + 1) throw new ArgumentException("Too few power bins.", nameof(power));
        if (scratch.Length < ScratchLength) throw new ArgumentException("Scratch too small.", nameof(scratch));

        var re = scratch[.._half];
        var im = scratch.Slice(_half, _half);
        // Loading in bit-reversed order makes the in-place decimation-in-time passes produce natural order.
        var order = _bitReversed.AsSpan();
        for (var j = 0; j < _half; j++)
        {
            var target = order[j];
            re[target] = frame[2 * j];
            im[target] = frame[2 * j + 1];
        }

        Transform(re, im);
        Split(re, im, power);
    }

    private void Transform(Span<double> re, Span<double> im)
    {
        var h = 1;
        if (_half >= 4)
        {
            FirstTwoStages(re, im);
            h = 4;
        }
        for (; h < _half; h <<= 1)
        {
            if (Vector256.IsHardwareAccelerated && h >= Vector256<double>.Count)
            {
                StageVector(re, im, h);
            }
            else
            {
                StageScalar(re, im, h);
            }
        }
    }

    // Spans 1 and 2 have twiddles 1 and -i only, so they fold into one multiplication-free radix-4 pass.
    private void FirstTwoStages(Span<double> re, Span<double> im)
    {
        for (var b = 0; b < _half; b += 4)
        {
            double r0 = re[b], r1 = re[b + 1], r2 = re[b + 2], r3 = re[b + 3];
            double i0 = im[b], i1 = im[b + 1], i2 = im[b + 2], i3 = im[b + 3];
            double ar0 = r0 + r1, ai0 = i0 + i1, ar1 = r0 - r1, ai1 = i0 - i1;
            double ar2 = r2 + r3, ai2 = i2 + i3, ar3 = r2 - r3, ai3 = i2 - i3;
            re[b] = ar0 + ar2;
            im[b] = ai0 + ai2;
            re[b + 2] = ar0 - ar2;
            im[b + 2] = ai0 - ai2;
            // (ar3 + i·ai3) · (-i) = ai3 - i·ar3
            re[b + 1] = ar1 + ai3;
            im[b + 1] = ai1 - ar3;
            re[b + 3] = ar1 - ai3;
            im[b + 3] = ai1 + ar3;
        }
    }

    private void StageScalar(Span<double> re, Span<double> im, int h)
    {
        for (var block = 0; block < _half; block += 2 * h)
        {
            for (var k = 0; k < h; k++)
            {
                double wr = _stageCos[h + k], wi = _stageSin[h + k];
                int a = block + k, b = a + h;
                var tr = re[b] * wr - im[b] * wi;
                var ti = re[b] * wi + im[b] * wr;
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
    }

    private void StageVector(Span<double> re, Span<double> im, int h)
    {
        // Unchecked loads: block + k + h + width <= _half because h and the vector width divide the block size.
        ref var reRef = ref MemoryMarshal.GetReference(re);
        ref var imRef = ref MemoryMarshal.GetReference(im);
        ref var cosRef = ref MemoryArrayRef(_stageCos, h);
        ref var sinRef = ref MemoryArrayRef(_stageSin, h);
        var width = Vector256<double>.Count;
        for (var block = 0; block < _half; block += 2 * h)
        {
            for (var k = 0; k < h; k += width)
            {
                var a = (nuint)(block + k);
                var b = a + (nuint)h;
                var wr = Vector256.LoadUnsafe(ref cosRef, (nuint)k);
                var wi = Vector256.LoadUnsafe(ref sinRef, (nuint)k);
                var br = Vector256.LoadUnsafe(ref reRef, b);
                var bi = Vector256.LoadUnsafe(ref imRef, b);
                var ar = Vector256.LoadUnsafe(ref reRef, a);
                var ai = Vector256.LoadUnsafe(ref imRef, a);
                var tr = br * wr - bi * wi;
                var ti = br * wi + bi * wr;
                (ar - tr).StoreUnsafe(ref reRef, b);
                (ai - ti).StoreUnsafe(ref imRef, b);
                (ar + tr).StoreUnsafe(ref reRef, a);
                (ai + ti).StoreUnsafe(ref imRef, a);
            }
        }
    }

    private void Split(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> power)
    {
        // Z = FFT(even + i·odd); X[k] = E[k] + W^k·O[k] with E = (Z[k] + conj Z[m-k]) / 2, O = (Z[k] - conj Z[m-k]) / 2i.
        var dc = re[0] + im[0];
        var nyquist = re[0] - im[0];
        power[0] = dc * dc;
        power[_half] = nyquist * nyquist;
        for (var k = 1; k < _half; k++)
        {
            double a = re[k], b = im[k], c = re[_half - k], d = im[_half - k];
            double evenRe = 0.5 * (a + c), evenIm = 0.5 * (b - d);
            double oddRe = 0.5 * (b + d), oddIm = -0.5 * (a - c);
            double wr = _splitCos[k], wi = _splitSin[k];
            var xr = evenRe + wr * oddRe - wi * oddIm;
            var xi = evenIm + wr * oddIm + wi * oddRe;
            power[k] = xr * xr + xi * xi;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double MemoryArrayRef(double[] array, int offset) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), offset);

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
