using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Tests.Audio.Support;

namespace MelMage.Tests.Audio.Decoding;

public sealed class AudioChecksTests
{
    [Fact]
    public void Validate_NaNSamples_ThrowsNonFinite()
    {
        var file = new RiffBuilder().Fmt(3, 1, 44100, 32).Data(FloatBytes(Enumerable.Repeat(float.NaN, 44100).ToArray())).Build();
        var audio = AudioDecoder.Decode(file);

        var error = Assert.Throws<InvalidAudioException>(() => AudioChecks.Validate(audio));

        Assert.Equal(AudioErrorCode.NonFiniteSamples, error.Code);
        Assert.Contains("44100 sample(s) that are not numbers", error.Message);
    }

    [Fact]
    public void Validate_OneInfinityInStereo_ThrowsNonFinite()
    {
        var samples = new float[2 * 44100];
        samples[1001] = float.PositiveInfinity;
        var file = new RiffBuilder().Fmt(3, 2, 44100, 32).Data(FloatBytes(samples)).Build();

        var error = Assert.Throws<InvalidAudioException>(() => AudioChecks.Validate(AudioDecoder.Decode(file)));

        Assert.Equal(AudioErrorCode.NonFiniteSamples, error.Code);
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(441, 0.5)]
    [InlineData(22049, 0.5)]
    [InlineData(4410, 1.0)]
    public void Validate_ShorterThanMinimum_ThrowsTooShortWithBothLengths(int samples, double minimum)
    {
        var audio = AudioDecoder.Decode(WavEncoder.Encode(Signals.Sine(44100, 440, 0.5, samples), 44100));

        var error = Assert.Throws<InvalidAudioException>(() =>
            AudioChecks.Validate(audio, new AudioCheckOptions { MinDurationSeconds = minimum }));

        Assert.Equal(AudioErrorCode.TooShort, error.Code);
        Assert.Contains($"{samples / 44100.0:0.###} s long; at least {minimum:0.###} s", error.Message);
    }

    [Fact]
    public void Validate_HalfASecondOfSound_Passes()
    {
        AudioChecks.Validate(AudioDecoder.Decode(WavEncoder.Encode(Signals.Sine(44100, 440, 0.5, 22050), 44100)));
    }

    [Fact]
    public void Silence_DigitalSilence_SaysSo()
    {
        var audio = AudioDecoder.Decode(WavEncoder.Encode(new float[44100], 44100));

        Assert.Contains("digital silence", AudioChecks.Silence(audio));
    }

    [Fact]
    public void Silence_OneBitDither_IsSilent()
    {
        var random = new Random(1);
        var dither = Enumerable.Range(0, 44100).Select(_ => (random.Next(3) - 1) / 32768f).ToArray();
        var audio = AudioDecoder.Decode(WavEncoder.Encode(dither, 44100));

        Assert.Contains("below the -90 dBFS floor", AudioChecks.Silence(audio));
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(-80)]
    public void Silence_VeryQuietRealSound_IsNotSilent(double dbfs)
    {
        var sine = Signals.Sine(44100, 440, Math.Pow(10, dbfs / 20), 44100);
        var audio = AudioDecoder.Decode(WavEncoder.Encode(sine, 44100, 1, WavSampleEncoding.Pcm24));

        Assert.Null(AudioChecks.Silence(audio));
    }

    [Fact]
    public void Silence_ConfigurableFloor_IsHonoured()
    {
        var sine = Signals.Sine(44100, 440, Math.Pow(10, -60 / 20.0), 44100);
        var audio = AudioDecoder.Decode(WavEncoder.Encode(sine, 44100, 1, WavSampleEncoding.Float32));

        Assert.NotNull(AudioChecks.Silence(audio, new AudioCheckOptions { SilenceFloorDbfs = -50 }));
    }

    private static byte[] FloatBytes(float[] samples)
    {
        var bytes = new byte[samples.Length * 4];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
