using MelMage.Audio.Wav;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Audio.Wav;

public sealed class Esc50DecodeTests
{
    [Fact]
    public void Decode_Esc50Clip_Returns5SecondsOfMono44100()
    {
        var decoded = WavDecoder.Decode(File.ReadAllBytes(TestPaths.Esc50Clip("4-102844-A-49.wav")));

        Assert.Equal(44100, decoded.SampleRate);
        Assert.Equal(1, decoded.Channels);
        Assert.Equal(16, decoded.BitsPerSample);
        Assert.Equal(WavSampleEncoding.Pcm16, decoded.Encoding);
        Assert.Equal(220500, decoded.Samples.Length);
        Assert.Equal(5.0, decoded.DurationSeconds);
        // Reference values read with Python's wave module: int16 samples 0, 1000, 100000 and 220499.
        Assert.Equal(990 / 32768f, decoded.Samples[0]);
        Assert.Equal(27 / 32768f, decoded.Samples[1000]);
        Assert.Equal(-834 / 32768f, decoded.Samples[100000]);
        Assert.Equal(-1931 / 32768f, decoded.Samples[220499]);
    }

    [Fact]
    public void Decode_EveryEsc50DevClip_Returns220500MonoSamplesAt44100()
    {
        var clips = Directory.GetFiles(Path.Combine(TestPaths.Esc50Dev, "audio"), "*.wav");
        Assert.NotEmpty(clips);

        foreach (var clip in clips)
        {
            var decoded = WavDecoder.Decode(File.ReadAllBytes(clip));
            Assert.True(decoded is { SampleRate: 44100, Channels: 1, Samples.Length: 220500 },
                $"{Path.GetFileName(clip)}: {decoded.SampleRate} Hz, {decoded.Channels} ch, {decoded.Samples.Length} samples");
        }
    }
}
