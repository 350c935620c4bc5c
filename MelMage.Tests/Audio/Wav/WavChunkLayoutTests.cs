using MelMage.Audio.Wav;
using MelMage.Tests.Audio.Support;

namespace MelMage.Tests.Audio.Wav;

public sealed class WavChunkLayoutTests
{
    private static readonly float[] Ramp = [0f, 0.125f, 0.25f, -0.5f, 0.75f, -1f];

    private static byte[] Pcm16Bytes(float[] samples) => WavEncoder.Encode(samples, 8000)[44..];

    [Fact]
    public void Decode_OddSizedUnknownChunkBeforeData_SkipsChunkAndPadByte()
    {
        var file = new RiffBuilder()
            .Fmt(1, 1, 8000, 16)
            .Chunk("JUNK", [1, 2, 3])
            .Chunk("bext", new byte[7])
            .Data(Pcm16Bytes(Ramp))
            .Build();

        Assert.Equal(Ramp, WavDecoder.Decode(file).Samples);
    }

    [Fact]
    public void Decode_OddChunkWithoutPadByte_StillFindsData()
    {
        var file = new RiffBuilder()
            .Fmt(1, 1, 8000, 16)
            .Chunk("JUNK", [1, 2, 3], pad: false)
            .Data(Pcm16Bytes(Ramp))
            .Build();

        Assert.Equal(Ramp, WavDecoder.Decode(file).Samples);
    }

    [Fact]
    public void Decode_ListChunkAfterData_IgnoresIt()
    {
        var file = new RiffBuilder()
            .Fmt(1, 1, 8000, 16)
            .Chunk("fact", new byte[4])
            .Data(Pcm16Bytes(Ramp))
            .Chunk("LIST", "INFOISFT\x05\0\0\0Lavf\0\0"u8.ToArray())
            .Build();

        Assert.Equal(Ramp, WavDecoder.Decode(file).Samples);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void Decode_StreamingDataSize_ReadsToEndOfFile(uint declaredSize)
    {
        var file = new RiffBuilder()
            .RiffSize(declaredSize)
            .Fmt(1, 1, 8000, 16)
            .Data(Pcm16Bytes(Ramp), declaredSize)
            .Build();

        Assert.Equal(Ramp, WavDecoder.Decode(file).Samples);
    }

    [Fact]
    public void Decode_TrailingPartialFrame_IsDropped()
    {
        var data = Pcm16Bytes(Ramp).Concat(new byte[] { 0x12 }).ToArray();
        var file = new RiffBuilder().Fmt(1, 1, 8000, 16).Data(data).Build();

        Assert.Equal(Ramp, WavDecoder.Decode(file).Samples);
    }

    [Fact]
    public void Decode_DataBeforeFmt_FindsBoth()
    {
        var file = new RiffBuilder().Data(Pcm16Bytes(Ramp)).Fmt(1, 1, 8000, 16).Build();

        Assert.Equal(Ramp, WavDecoder.Decode(file).Samples);
    }

    [Fact]
    public void Decode_ExtensiblePcm24With20ValidBits_DecodesLikePlainPcm24()
    {
        // 20 valid bits are left-justified in the 24-bit container: the low 4 bits of each sample are zero.
        float[] samples = [0.5f, -0.25f, 0.125f, -1f, 0.875f, 0f];
        var data = WavEncoder.Encode(samples, 96000, 2, WavSampleEncoding.Pcm24)[44..];
        var file = new RiffBuilder().FmtExtensible(1, 2, 96000, 24, 20).Data(data).Build();

        var decoded = WavDecoder.Decode(file);

        Assert.Equal(WavSampleEncoding.Pcm24, decoded.Encoding);
        Assert.Equal(2, decoded.Channels);
        Assert.Equal([0.125f, -0.4375f, 0.4375f], decoded.Samples);
    }

    [Fact]
    public void Decode_ExtensibleFloat32_DecodesFloats()
    {
        float[] samples = [0.1f, -0.2f, 0.3f, -0.4f];
        var data = WavEncoder.Encode(samples, 32000, 1, WavSampleEncoding.Float32)[44..];
        var file = new RiffBuilder().FmtExtensible(3, 1, 32000, 32, 32).Data(data).Build();

        var decoded = WavDecoder.Decode(file);

        Assert.Equal(WavSampleEncoding.Float32, decoded.Encoding);
        Assert.Equal(32000, decoded.SampleRate);
        Assert.Equal(samples, decoded.Samples);
    }

    [Fact]
    public void Decode_FloatFileWithNonFiniteSamples_ReplacesThemWithSilence()
    {
        var data = new byte[12];
        BitConverter.TryWriteBytes(data.AsSpan(0), float.NaN);
        BitConverter.TryWriteBytes(data.AsSpan(4), float.PositiveInfinity);
        BitConverter.TryWriteBytes(data.AsSpan(8), 0.5f);
        var file = new RiffBuilder().Fmt(3, 1, 8000, 32).Data(data).Build();

        Assert.Equal([0f, 0f, 0.5f], WavDecoder.Decode(file).Samples);
    }

    [Fact]
    public void Decode_Stream_MatchesSpanDecode()
    {
        var file = WavEncoder.Encode(Ramp, 11025);
        using var stream = new MemoryStream(file);

        var decoded = WavDecoder.Decode(stream);

        Assert.Equal(Ramp, decoded.Samples);
        Assert.Equal(11025, decoded.SampleRate);
    }

    [Fact]
    public void Decode_StreamLargerThanLimit_ThrowsTooLarge()
    {
        using var stream = new MemoryStream(WavEncoder.Encode(new float[1000], 8000));

        var error = Assert.Throws<InvalidAudioException>(
            () => WavDecoder.Decode(stream, new WavDecodeLimits { MaxFileBytes = 1000 }));

        Assert.Equal(AudioErrorCode.TooLarge, error.Code);
    }
}
