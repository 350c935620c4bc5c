using MelMage.Audio.Wav;
using MelMage.Tests.Audio.Support;

namespace MelMage.Tests.Audio.Wav;

public sealed class WavRoundTripTests
{
    public static TheoryData<WavSampleEncoding, double> Encodings => new()
    {
        // Half a quantisation step, plus float rounding of the decoded value.
        { WavSampleEncoding.PcmUnsigned8, 0.5 / 128 + 1e-6 },
        { WavSampleEncoding.Pcm16, 0.5 / 32768 + 1e-7 },
        { WavSampleEncoding.Pcm24, 0.5 / 8388608 + 1e-7 },
        { WavSampleEncoding.Pcm32, 1e-7 },
        { WavSampleEncoding.Float32, 0 },
        { WavSampleEncoding.Float64, 0 },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_EncodedMonoSignal_ReturnsSamplesWithinQuantisationError(WavSampleEncoding encoding, double tolerance)
    {
        var signal = TestSignal(4000);

        var decoded = WavDecoder.Decode(WavEncoder.Encode(signal, 22050, 1, encoding));

        Assert.Equal(22050, decoded.SampleRate);
        Assert.Equal(1, decoded.Channels);
        Assert.Equal(encoding, decoded.Encoding);
        Assert.Equal(encoding.BitsPerSample(), decoded.BitsPerSample);
        Assert.Equal(signal.Length, decoded.Samples.Length);
        for (var i = 0; i < signal.Length; i++) Assert.InRange(decoded.Samples[i] - signal[i], -tolerance, tolerance);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_FullScaleValues_StayWithinUnitRange(WavSampleEncoding encoding, double tolerance)
    {
        float[] extremes = [-1f, 1f, 2f, -3f, float.NaN];

        var decoded = WavDecoder.Decode(WavEncoder.Encode(extremes, 8000, 1, encoding)).Samples;

        Assert.InRange(decoded[0], -1f, -1f + tolerance);
        Assert.InRange(decoded[1], 1f - 1f / 128, 1f);
        Assert.InRange(decoded[2], 1f - 1f / 128, 1f);
        Assert.InRange(decoded[3], -1f, -1f + tolerance);
        Assert.Equal(0f, decoded[4], 1f / 128);
    }

    [Theory]
    [InlineData(WavSampleEncoding.Pcm16)]
    [InlineData(WavSampleEncoding.Float32)]
    public void Decode_Stereo_AveragesChannels(WavSampleEncoding encoding)
    {
        float[] interleaved = [0.5f, -0.5f, 0.25f, 0.75f, -1f, -0.5f];

        var decoded = WavDecoder.Decode(WavEncoder.Encode(interleaved, 48000, 2, encoding));

        Assert.Equal(2, decoded.Channels);
        Assert.Equal([0f, 0.5f, -0.75f], decoded.Samples.Select(s => MathF.Round(s, 3)).ToArray());
    }

    [Theory]
    [InlineData(WavSampleEncoding.PcmUnsigned8)]
    [InlineData(WavSampleEncoding.Pcm24)]
    [InlineData(WavSampleEncoding.Pcm32)]
    [InlineData(WavSampleEncoding.Float64)]
    public void Decode_SixChannels_AveragesAllSix(WavSampleEncoding encoding)
    {
        // Frame f holds channel values (c - 2.5) / 8 + f / 16: their mean is f / 16.
        const int frames = 5;
        var interleaved = new float[frames * 6];
        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < 6; c++) interleaved[f * 6 + c] = (c - 2.5f) / 8 + f / 16f;
        }

        var decoded = WavDecoder.Decode(WavEncoder.Encode(interleaved, 44100, 6, encoding));

        Assert.Equal(6, decoded.Channels);
        Assert.Equal(frames, decoded.Samples.Length);
        for (var f = 0; f < frames; f++) Assert.Equal(f / 16f, decoded.Samples[f], 1f / 128);
    }

    [Fact]
    public void Encode_Pcm16_WritesCanonical44ByteHeader()
    {
        var file = WavEncoder.Encode(new float[10], 44100, 2);

        Assert.Equal(44 + 20, file.Length);
        Assert.Equal("RIFF"u8.ToArray(), file[..4]);
        Assert.Equal(56, BitConverter.ToInt32(file, 4));
        Assert.Equal("WAVEfmt "u8.ToArray(), file[8..16]);
        Assert.Equal(16, BitConverter.ToInt32(file, 16));
        Assert.Equal(1, BitConverter.ToInt16(file, 20));
        Assert.Equal(2, BitConverter.ToInt16(file, 22));
        Assert.Equal(44100, BitConverter.ToInt32(file, 24));
        Assert.Equal(44100 * 4, BitConverter.ToInt32(file, 28));
        Assert.Equal(4, BitConverter.ToInt16(file, 32));
        Assert.Equal(16, BitConverter.ToInt16(file, 34));
        Assert.Equal("data"u8.ToArray(), file[36..40]);
        Assert.Equal(20, BitConverter.ToInt32(file, 40));
    }

    [Fact]
    public void Encode_PartialFrame_Throws()
    {
        Assert.Throws<ArgumentException>(() => WavEncoder.Encode(new float[3], 8000, 2));
    }

    private static float[] TestSignal(int length)
    {
        var random = new Random(7);
        var signal = Signals.Sine(22050, 440, 0.6, length);
        for (var i = 0; i < length; i++) signal[i] += (float)(random.NextDouble() * 0.7 - 0.35);
        signal[0] = -1f;
        signal[1] = 0.99f;
        return signal;
    }
}
