using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Tests.Audio.Support;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Audio.Decoding;

public sealed class AudioDecoderTests
{
    private const string Clip = "1-100032-A-0.wav";

    private static DecodedAudio Wav() => WavDecoder.Decode(File.ReadAllBytes(TestPaths.Esc50Clip(Clip)));

    [Fact]
    public void Decode_FlacOfClip_GivesTheWavSamplesExactly()
    {
        var flac = AudioDecoder.Decode(Ffmpeg.Encode(Clip, "flac"));
        var wav = Wav();

        Assert.Equal("FLAC", flac.Container);
        Assert.Equal(wav.SampleRate, flac.SampleRate);
        Assert.Equal(wav.Samples, flac.Samples);
    }

    [Theory]
    [InlineData("mp3", "MP3", new[] { "-b:a", "128k" })]
    [InlineData("ogg", "Ogg", new[] { "-c:a", "libopus", "-b:a", "64k" })]
    [InlineData("oga", "Ogg", new[] { "-c:a", "libvorbis", "-f", "ogg" })]
    [InlineData("webm", "WebM/Matroska", new[] { "-c:a", "libopus", "-b:a", "64k" })]
    [InlineData("m4a", "MP4/M4A", new[] { "-c:a", "aac", "-b:a", "128k" })]
    [InlineData("aac", "AAC", new[] { "-c:a", "aac", "-f", "adts" })]
    [InlineData("aiff", "AIFF", new string[0])]
    public void Decode_CompressedClip_GivesAudioOfTheSameLengthAndLoudness(string extension, string container,
        string[] options)
    {
        var audio = AudioDecoder.Decode(Ffmpeg.Encode(Clip, extension, options));
        var wav = Wav();

        Assert.Equal(container, audio.Container);
        Assert.Equal(0, audio.NonFiniteSamples);
        Assert.InRange(audio.DurationSeconds, wav.DurationSeconds - 0.1, wav.DurationSeconds + 0.1);
        var rms = Signals.Rms(audio.Samples);
        Assert.InRange(rms, Signals.Rms(wav.Samples) * 0.7, Signals.Rms(wav.Samples) * 1.3);
    }

    [Fact]
    public void Decode_StereoMp3_AveragesChannelsLikeAWav()
    {
        var mp3 = Ffmpeg.Make("stereo.mp3", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1",
            "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-filter_complex", "[0][1]amerge=inputs=2", "-t", "1", "-ac", "2"]);
        var audio = AudioDecoder.Decode(mp3);

        Assert.Equal(2, audio.Channels);
        // sine= has amplitude 1/8; one silent channel of two halves it.
        Assert.InRange(Signals.Amplitude(audio.Samples.AsSpan(4410, 8820), 44100, 440), 0.05, 0.075);
    }

    public static TheoryData<string, Func<byte[]>, string> DamagedFiles => new()
    {
        { "FLAC cut in half", () => Ffmpeg.Encode(Clip, "flac")[..12000], "ffmpeg says" },
        { "M4A cut short", () => Ffmpeg.Encode(Clip, "m4a", "-c:a", "aac")[..3000], "moov atom not found" },
        { "MP3 of 300 bytes", () => Ffmpeg.Encode(Clip, "mp3", "-b:a", "128k")[..300], "ffmpeg says" },
        { "ID3 tag then random bytes", () => [.. "ID3\x04\0\0\0\0\0\0"u8, .. RandomBytes(50_000)], "ffmpeg says" },
        { "MP3 frame header then random bytes", () => [0xFF, 0xFB, 0x90, 0x64, .. RandomBytes(50_000)], "could not be decoded" },
        { "Ogg page header then random bytes", () => [.. "OggS\0\x02"u8, .. RandomBytes(20_000)], "could not be decoded" },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void Decode_DamagedCompressedFile_ThrowsUndecodableWithTheDecodersReason(string name, Func<byte[]> make,
        string expected)
    {
        var error = Assert.Throws<InvalidAudioException>(() => AudioDecoder.Decode(make()));

        Assert.True(error.Code is AudioErrorCode.Undecodable or AudioErrorCode.NoSamples, $"{name}: {error.Code} {error.Message}");
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("melmage-decode-", error.Message); // the private temporary path is not shown
    }

    [Fact]
    public void Decode_TextFileNamedMp3_IsRefusedByWhatItHolds()
    {
        var error = Assert.Throws<InvalidAudioException>(() => AudioDecoder.Decode("just some notes, not audio"u8));

        Assert.Equal(AudioErrorCode.NotRiff, error.Code);
        Assert.Contains("text file", error.Message);
    }

    [Fact]
    public void Decode_TwentyMinuteOpus_IsRefusedFromItsDurationBeforeDecoding()
    {
        var opus = Ffmpeg.Make("twenty-minutes.ogg", ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "1200",
            "-c:a", "libopus", "-b:a", "6k"]);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<InvalidAudioException>(() => AudioDecoder.Decode(opus));

        Assert.Equal(AudioErrorCode.TooLong, error.Code);
        Assert.Contains("1200.0 s long; at most 600 s", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Decode_AudioLongerThanItsHeaderSays_IsStoppedAtTheLimit()
    {
        // Two Ogg streams chained: ffprobe reports the first one's length, the decoder goes on into the second.
        var first = Ffmpeg.Make("chain-a.ogg", ["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "libvorbis"]);
        var second = Ffmpeg.Make("chain-b.ogg", ["-f", "lavfi", "-i", "sine=duration=30", "-c:a", "libvorbis"]);
        var options = new AudioDecodeOptions { MaxDurationSeconds = 5 };

        var error = Assert.Throws<InvalidAudioException>(() => AudioDecoder.Decode([.. first, .. second], options));

        Assert.Equal(AudioErrorCode.TooLong, error.Code);
    }

    [Fact]
    public void Decode_WithoutFfmpeg_SaysWhichPackageToInstall()
    {
        var options = new AudioDecodeOptions { FfprobePath = "/nonexistent/ffprobe", FfmpegPath = "/nonexistent/ffmpeg" };

        var error = Assert.Throws<InvalidAudioException>(() => AudioDecoder.Decode(Ffmpeg.Encode(Clip, "flac"), options));

        Assert.Equal(AudioErrorCode.DecoderUnavailable, error.Code);
        Assert.Contains("Debian package 'ffmpeg'", error.Message);
    }

    [Fact]
    public void Decode_PastTheDeadline_IsStopped()
    {
        var options = new AudioDecodeOptions { DecodeTimeout = TimeSpan.FromMilliseconds(1) };

        var error = Assert.Throws<InvalidAudioException>(() => AudioDecoder.Decode(Ffmpeg.Encode(Clip, "flac"), options));

        Assert.Equal(AudioErrorCode.DecodeTimeout, error.Code);
    }

    [Fact]
    public void Decode_WavWhoseDataIsCutShort_DecodesWhatIsThereAndSaysSo()
    {
        var whole = WavEncoder.Encode(new float[8000], 8000);
        var cut = whole[..(whole.Length - 4000)];

        var audio = AudioDecoder.Decode(cut);

        Assert.Equal(6000, audio.Samples.Length);
        Assert.Contains(audio.Notes, n => n.Contains("cut short") && n.Contains("4000 bytes missing"));
        Assert.Empty(AudioDecoder.Decode(whole).Notes);
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(13).NextBytes(bytes);
        return bytes;
    }
}
