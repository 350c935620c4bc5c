using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MelMage.Audio.Wav;

/// <summary>Turns interleaved sample bytes into mono floats in [-1, 1], averaging channels. Integer PCM is divided by
/// its full scale (2^(bits-1)), so samples whose valid bits are fewer than the container (left-justified, as
/// WAVE_FORMAT_EXTENSIBLE requires) come out right with no extra work.</summary>
internal static class WavSampleConverter
{
    public static float[] ToMono(ReadOnlySpan<byte> data, WavFormat format)
    {
        var frames = data.Length / format.BlockAlign;
        // Every element is written below, so skip the zeroing (a 5 s clip is a 0.9 MB large-object allocation).
        var output = GC.AllocateUninitializedArray<float>(frames);
        data = data[..(frames * format.BlockAlign)];
        var channels = format.Channels;
        switch (format.Encoding)
        {
            case WavSampleEncoding.PcmUnsigned8: Pcm8(data, channels, output); break;
            case WavSampleEncoding.Pcm16: Pcm16(data, channels, output); break;
            case WavSampleEncoding.Pcm24: Pcm24(data, channels, output); break;
            case WavSampleEncoding.Pcm32: Pcm32(data, channels, output); break;
            case WavSampleEncoding.Float32: Float32(data, channels, output); break;
            case WavSampleEncoding.Float64: Float64(data, channels, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format.Encoding, "Unknown encoding.");
        }
        return output;
    }

    private static void Pcm8(ReadOnlySpan<byte> data, int channels, Span<float> output)
    {
        var scale = 1f / (128f * channels);
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            var sum = 0;
            for (var c = 0; c < channels; c++, i++) sum += data[i] - 128;
            output[f] = sum * scale;
        }
    }

    private static void Pcm16(ReadOnlySpan<byte> data, int channels, Span<float> output)
    {
        if (channels == 1)
        {
            Pcm16Mono(data, output);
            return;
        }
        var scale = 1f / (32768f * channels);
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            var sum = 0;
            for (var c = 0; c < channels; c++, i += 2) sum += BinaryPrimitives.ReadInt16LittleEndian(data[i..]);
            output[f] = sum * scale;
        }
    }

    // The hot path (ESC-50 and most uploads): widen and convert whole vectors of samples at a time.
    private static void Pcm16Mono(ReadOnlySpan<byte> data, Span<float> output)
    {
        var f = 0;
        if (BitConverter.IsLittleEndian && Vector.IsHardwareAccelerated)
        {
            var samples = MemoryMarshal.Cast<byte, short>(data);
            var scale = new Vector<float>(1f / 32768f);
            for (; f <= samples.Length - Vector<short>.Count; f += Vector<short>.Count)
            {
                Vector.Widen(new Vector<short>(samples[f..]), out var low, out var high);
                (Vector.ConvertToSingle(low) * scale).CopyTo(output[f..]);
                (Vector.ConvertToSingle(high) * scale).CopyTo(output[(f + Vector<int>.Count)..]);
            }
        }
        for (; f < output.Length; f++) output[f] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * f)..]) * (1f / 32768f);
    }

    private static void Pcm24(ReadOnlySpan<byte> data, int channels, Span<float> output)
    {
        var scale = 1.0 / (8388608.0 * channels);
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            long sum = 0;
            for (var c = 0; c < channels; c++, i += 3)
            {
                // Place the three bytes in the top of an int so the arithmetic shift sign-extends them.
                sum += (data[i] << 8 | data[i + 1] << 16 | data[i + 2] << 24) >> 8;
            }
            output[f] = (float)(sum * scale);
        }
    }

    private static void Pcm32(ReadOnlySpan<byte> data, int channels, Span<float> output)
    {
        var scale = 1.0 / (2147483648.0 * channels);
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            long sum = 0;
            for (var c = 0; c < channels; c++, i += 4) sum += BinaryPrimitives.ReadInt32LittleEndian(data[i..]);
            output[f] = (float)(sum * scale);
        }
    }

    private static void Float32(ReadOnlySpan<byte> data, int channels, Span<float> output)
    {
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++, i += 4) sum += Sanitise(BinaryPrimitives.ReadSingleLittleEndian(data[i..]));
            output[f] = (float)(sum / channels);
        }
    }

    private static void Float64(ReadOnlySpan<byte> data, int channels, Span<float> output)
    {
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++, i += 8) sum += Sanitise(BinaryPrimitives.ReadDoubleLittleEndian(data[i..]));
            output[f] = (float)(sum / channels);
        }
    }

    // Float files may hold overs, NaN or infinities; downstream log-mel maths must never see them.
    private static double Sanitise(double value) => double.IsFinite(value) ? Math.Clamp(value, -1.0, 1.0) : 0.0;
}
