using System.Buffers.Binary;

namespace MelMage.Audio.Wav;

/// <summary>Writes canonical RIFF/WAVE files (fixtures, exports).</summary>
public static class WavEncoder
{
    private const int HeaderSize = 44;

    /// <summary>Encodes interleaved samples in [-1, 1] as a canonical 44-byte-header WAV file (format tag 1 for PCM,
    /// 3 for float). Samples outside [-1, 1] are clamped and NaN is written as silence.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate or channel count below 1, or more than 65535 channels.</exception>
    /// <exception cref="ArgumentException">The sample count is not a whole number of frames, or exceeds 4 GB.</exception>
    public static byte[] Encode(ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1,
        WavSampleEncoding encoding = WavSampleEncoding.Pcm16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, ushort.MaxValue);
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples are not a whole number of {channels}-channel " +
                "frames.", nameof(interleaved));
        }

        var bytesPerSample = encoding.BitsPerSample() / 8;
        var blockAlign = (long)channels * bytesPerSample;
        var dataSize = (long)interleaved.Length * bytesPerSample;
        if (blockAlign > ushort.MaxValue || dataSize > uint.MaxValue - HeaderSize || HeaderSize + dataSize > Array.MaxLength)
        {
            throw new ArgumentException("The audio is too large for a WAV file.", nameof(interleaved));
        }

        var file = new byte[HeaderSize + dataSize];
        WriteHeader(file, sampleRate, channels, encoding, (int)blockAlign, (uint)dataSize);
        WriteSamples(interleaved, encoding, file.AsSpan(HeaderSize));
        return file;
    }

    private static void WriteHeader(Span<byte> h, int sampleRate, int channels, WavSampleEncoding encoding,
        int blockAlign, uint dataSize)
    {
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], HeaderSize - 8 + dataSize);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], encoding.IsFloat() ? WavFormatTags.IeeeFloat : WavFormatTags.Pcm);
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)Math.Min((long)sampleRate * blockAlign, uint.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], (ushort)encoding.BitsPerSample());
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], dataSize);
    }

    private static void WriteSamples(ReadOnlySpan<float> samples, WavSampleEncoding encoding, Span<byte> data)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var x = samples[i];
            double v = float.IsNaN(x) ? 0 : Math.Clamp(x, -1f, 1f);
            switch (encoding)
            {
                case WavSampleEncoding.PcmUnsigned8:
                    data[i] = (byte)(Quantise(v, 128) + 128);
                    break;
                case WavSampleEncoding.Pcm16:
                    BinaryPrimitives.WriteInt16LittleEndian(data[(2 * i)..], (short)Quantise(v, 32768));
                    break;
                case WavSampleEncoding.Pcm24:
                    var s24 = (int)Quantise(v, 8388608);
                    data[3 * i] = (byte)s24;
                    data[3 * i + 1] = (byte)(s24 >> 8);
                    data[3 * i + 2] = (byte)(s24 >> 16);
                    break;
                case WavSampleEncoding.Pcm32:
                    BinaryPrimitives.WriteInt32LittleEndian(data[(4 * i)..], (int)Quantise(v, 2147483648.0));
                    break;
                case WavSampleEncoding.Float32:
                    BinaryPrimitives.WriteSingleLittleEndian(data[(4 * i)..], (float)v);
                    break;
                case WavSampleEncoding.Float64:
                    BinaryPrimitives.WriteDoubleLittleEndian(data[(8 * i)..], v);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown sample encoding.");
            }
        }
    }

    // Scale by the same full scale the decoder divides by, so a round trip errs by at most half a step; +1.0 is the
    // one value that does not fit and lands on the largest code.
    private static long Quantise(double value, double fullScale) =>
        (long)Math.Clamp(Math.Round(value * fullScale), -fullScale, fullScale - 1);
}
