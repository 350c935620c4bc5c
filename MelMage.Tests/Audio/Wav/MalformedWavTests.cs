using System.Text;
using MelMage.Audio.Wav;
using MelMage.Tests.Audio.Support;

namespace MelMage.Tests.Audio.Wav;

public sealed class MalformedWavTests
{
    private static readonly byte[] Samples = WavEncoder.Encode(new float[16], 8000)[44..];

    public static TheoryData<string, byte[], AudioErrorCode, string> MalformedFiles => new()
    {
        { "empty", [], AudioErrorCode.Empty, "empty" },
        { "3 bytes", "abc"u8.ToArray(), AudioErrorCode.NotRiff, "does not start with 'RIFF'" },
        { "3 bytes of RIFF", "RIF"u8.ToArray(), AudioErrorCode.TruncatedHeader, "truncated after 3 bytes" },
        { "random bytes", RandomBytes(), AudioErrorCode.NotRiff, "does not start with 'RIFF'." },
        { "MP3 with ID3 tag", Head("ID3\x03\0\0\0\0\x0f\x76"), AudioErrorCode.NotRiff, "looks like an MP3/ID3 file" },
        { "bare MP3 frame", [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0], AudioErrorCode.NotRiff, "MP3/MPEG audio" },
        { "Ogg", Head("OggS\0\x02\0\0"), AudioErrorCode.NotRiff, "Ogg" },
        { "FLAC", Head("fLaC\0\0\0\x22"), AudioErrorCode.NotRiff, "FLAC" },
        { "ZIP", Head("PK\x03\x04\x14\0\0\0"), AudioErrorCode.NotRiff, "ZIP archive" },
        { "HTML", Head("\n  <!DOCTYPE html><html><body>404</body></html>"), AudioErrorCode.NotRiff, "HTML page" },
        { "PDF", Head("%PDF-1.7\n"), AudioErrorCode.NotRiff, "PDF document" },
        { "M4A", Head("\0\0\0\x20" + "ftypM4A \0\0\0\0"), AudioErrorCode.NotRiff, "MP4/M4A" },
        { "AVI", new RiffBuilder().Form("AVI ").Chunk("LIST", new byte[8]).Build(), AudioErrorCode.NotWave,
            "RIFF file of type 'AVI ' (an AVI video)" },
        { "RF64", Head("RF64\xff\xff\xff\xffWAVEds64"), AudioErrorCode.UnsupportedContainer, "RF64" },
        { "format tag 0x55", Wav(f => f.Fmt(0x55, 1, 44100, 0, 1)), AudioErrorCode.UnsupportedFormatTag,
            "Unsupported WAV format tag 0x55 (MP3 inside WAV); MelMage reads PCM and IEEE float WAV." },
        { "EXTENSIBLE with MP3 sub-format", Wav(f => f.FmtExtensible(0x55, 2, 44100, 16, 16)),
            AudioErrorCode.UnsupportedFormatTag, "0x55" },
        { "0 channels", Wav(f => f.Fmt(1, 0, 8000, 16, 2)), AudioErrorCode.ZeroChannels, "The WAV header says 0 channels." },
        { "0 Hz", Wav(f => f.Fmt(1, 1, 0, 16)), AudioErrorCode.ZeroSampleRate, "The WAV header says 0 Hz." },
        { "1 MHz", Wav(f => f.Fmt(1, 1, 1_000_000, 16)), AudioErrorCode.UnsupportedSampleRate, "1000000 Hz" },
        { "12-bit PCM", Wav(f => f.Fmt(1, 1, 8000, 12, 2)), AudioErrorCode.UnsupportedBitDepth, "bit depth 12" },
        { "7-bit PCM", Wav(f => f.Fmt(1, 1, 8000, 7, 1)), AudioErrorCode.UnsupportedBitDepth, "bit depth 7" },
        { "16-bit float", Wav(f => f.Fmt(3, 1, 8000, 16)), AudioErrorCode.UnsupportedBitDepth, "float bit depth 16" },
        { "valid bits above container", Wav(f => f.FmtExtensible(1, 2, 8000, 16, 24)),
            AudioErrorCode.UnsupportedBitDepth, "24 valid bits in a 16-bit" },
        { "block align wrong", Wav(f => f.Fmt(1, 2, 8000, 16, 3)), AudioErrorCode.InvalidBlockAlign,
            "block align is 3 bytes, but 2 channel(s) × 2 byte(s) per sample = 4" },
        { "fmt size 8", Wav(f => f.Chunk("fmt ", new byte[8])), AudioErrorCode.InvalidChunk, "fmt chunk is 8 bytes" },
        { "EXTENSIBLE fmt of 18 bytes", Wav(f => f.Chunk("fmt ", [.. RiffBuilder.FmtBody(0xFFFE, 1, 8000, 16, null), 0, 0])),
            AudioErrorCode.InvalidChunk, "WAVE_FORMAT_EXTENSIBLE but is only 18 bytes" },
        { "no fmt chunk", new RiffBuilder().Chunk("LIST", new byte[4]).Data(Samples).Build(),
            AudioErrorCode.MissingFormatChunk, "no fmt chunk" },
        { "no data chunk", new RiffBuilder().Fmt(1, 1, 8000, 16).Chunk("LIST", new byte[4]).Build(),
            AudioErrorCode.MissingDataChunk, "no data chunk" },
        { "only the RIFF header", new RiffBuilder().Build(), AudioErrorCode.TruncatedHeader, "truncated after 12 bytes" },
        { "truncated inside fmt", WavEncoder.Encode(new float[4], 8000)[..30], AudioErrorCode.TruncatedHeader,
            "The file ends inside the WAV header (truncated after 30 bytes)." },
        { "truncated inside a chunk header", WavEncoder.Encode(new float[4], 8000)[..40], AudioErrorCode.TruncatedHeader,
            "truncated after 40 bytes" },
        { "LIST chunk running past the end", new RiffBuilder().Fmt(1, 1, 8000, 16).Chunk("LIST", new byte[4], 5000).Build(),
            AudioErrorCode.InvalidChunk, "'LIST' chunk at byte 36 claims 5000 bytes, but only 4 remain" },
        { "data with no bytes", Wav(f => f.Fmt(1, 1, 8000, 16), []), AudioErrorCode.NoSamples,
            "The file has no audio samples." },
        { "data shorter than one frame", Wav(f => f.Fmt(1, 2, 8000, 16), [1, 2, 3]), AudioErrorCode.NoSamples,
            "holds 3 bytes, less than one sample frame (4 bytes)" },
        { "65535 channels and a 4 GB data claim",
            new RiffBuilder().Fmt(1, 65535, 8000, 8).Data(new byte[100], 0xFFFFFFFF).Build(),
            AudioErrorCode.TooManyChannels, "65535 channels; at most 64" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Decode_MalformedFile_ThrowsInvalidAudioWithCodeAndMessage(string name, byte[] file,
        AudioErrorCode expectedCode, string expectedMessagePart)
    {
        var error = Assert.Throws<InvalidAudioException>(() => WavDecoder.Decode(file));

        Assert.True(expectedCode == error.Code, $"{name}: expected {expectedCode}, got {error.Code}: {error.Message}");
        Assert.Contains(expectedMessagePart, error.Message);
    }

    [Fact]
    public void Decode_LongerThanLimit_ThrowsTooLongWithDuration()
    {
        var file = WavEncoder.Encode(new float[16000], 8000);

        var error = Assert.Throws<InvalidAudioException>(
            () => WavDecoder.Decode(file, new WavDecodeLimits(MaxDurationSeconds: 1.5)));

        Assert.Equal(AudioErrorCode.TooLong, error.Code);
        Assert.Equal("The audio is 2.0 s long; at most 1.5 s is accepted.", error.Message);
    }

    [Fact]
    public void Decode_SampleRateAboveConfiguredLimit_ThrowsUnsupportedSampleRate()
    {
        var file = WavEncoder.Encode(new float[16], 96000);

        var error = Assert.Throws<InvalidAudioException>(
            () => WavDecoder.Decode(file, new WavDecodeLimits { MaxSampleRate = 48000 }));

        Assert.Equal(AudioErrorCode.UnsupportedSampleRate, error.Code);
    }

    [Fact]
    public void Decode_HugeHeaderClaimsWithFewBytes_AllocatesOnlyForBytesPresent()
    {
        // 65535 one-byte channels are allowed here, so only the 100 bytes present limit what is read.
        var hostile = new RiffBuilder().Fmt(1, 65535, 768000, 8).Data(new byte[100], 0xFFFFFFFF).Build();
        var plain = new RiffBuilder().RiffSize(0xFFFFFFFF).Fmt(1, 1, 8000, 16).Data(new byte[1000], 0xFFFFFFFF).Build();
        var limits = new WavDecodeLimits(MaxChannels: 65535);
        WavDecoder.Decode(plain, limits);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hostileError = Assert.Throws<InvalidAudioException>(() => WavDecoder.Decode(hostile, limits));
        var decoded = WavDecoder.Decode(plain, limits);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(AudioErrorCode.NoSamples, hostileError.Code);
        Assert.Equal(500, decoded.Samples.Length);
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    private static byte[] Head(string latin1) => Encoding.Latin1.GetBytes(latin1.PadRight(64, '\0'));

    private static byte[] Wav(Func<RiffBuilder, RiffBuilder> fmt, byte[]? data = null) =>
        fmt(new RiffBuilder()).Data(data ?? Samples).Build();

    private static byte[] RandomBytes()
    {
        var bytes = new byte[1000];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x00;
        return bytes;
    }
}
