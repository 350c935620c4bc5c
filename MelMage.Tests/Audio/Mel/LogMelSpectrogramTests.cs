using MelMage.Audio.Spectrograms;

namespace MelMage.Tests.Audio.Mel;

public sealed class LogMelSpectrogramTests
{
    private static readonly LogMelSpectrogram Default = new(MelOptions.Default);

    [Fact]
    public void Compute_FiveSecondClip_Is128By431()
    {
        var result = Default.Compute(new float[5 * 44100]);

        Assert.Equal(128, result.Mels);
        Assert.Equal(431, result.Frames);
        Assert.Equal(128 * 431, result.Values.Length);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(511, 1)]
    [InlineData(512, 2)]
    [InlineData(1023, 2)]
    [InlineData(1024, 3)]
    [InlineData(220500, 431)]
    public void FrameCount_SampleCount_IsSamplesOverHopPlusOne(int samples, int frames)
    {
        Assert.Equal(frames, Default.FrameCount(samples));
        Assert.Equal(frames, Default.Compute(new float[samples]).Frames);
    }

    [Fact]
    public void Compute_DigitalSilence_IsMinus100DbEverywhere()
    {
        var result = Default.Compute(new float[44100]);

        Assert.All(result.Values, v => Assert.Equal(-100f, v));
    }

    [Fact]
    public void Compute_EmptyInput_IsOneSilentFrame()
    {
        var result = Default.Compute([]);

        Assert.Equal(1, result.Frames);
        Assert.All(result.Values, v => Assert.Equal(-100f, v));
    }

    [Fact]
    public void Compute_SingleSample_ExtendsAsConstant()
    {
        // One sample reflects into a constant frame: all its energy is DC, so it lands in the lowest non-empty band.
        var result = Default.Compute([0.5f]);

        var constant = Default.Compute(Enumerable.Repeat(0.5f, 2048).ToArray());
        for (var m = 0; m < result.Mels; m++) Assert.Equal(constant[m, 2], result[m, 0], 3);
    }

    [Theory]
    [InlineData(440.0)]
    [InlineData(1000.0)]
    [InlineData(6000.0)]
    [InlineData(15000.0)]
    public void Compute_PureTone_PeaksInTheBandCentredNearestItsFrequency(double hertz)
    {
        var sampleRate = MelOptions.Default.SampleRate;
        var tone = new float[sampleRate];
        for (var i = 0; i < tone.Length; i++) tone[i] = (float)(0.5 * Math.Sin(2 * Math.PI * hertz * i / sampleRate));

        var result = Default.Compute(tone);

        var expected = NearestBand(Default.FilterBank, hertz);
        for (var t = 2; t < result.Frames - 2; t++)
        {
            var loudest = 0;
            for (var m = 1; m < result.Mels; m++)
            {
                if (result[m, t] > result[loudest, t]) loudest = m;
            }
            Assert.InRange(loudest, expected - 1, expected + 1);
        }
    }

    [Fact]
    public void Compute_ToneAtBinCentre_HasAnalyticPowerInItsBands()
    {
        // A 0.5-amplitude cosine at a bin centre: |X|² = (0.5 · Σw / 2)² = (0.5 · 512 / 2)² at that bin; the bands
        // covering it hold that power times their weights, so their dB values follow without any FFT.
        var sampleRate = MelOptions.Default.SampleRate;
        const int bin = 100;
        var hertz = bin * (double)sampleRate / 1024;
        var tone = new float[sampleRate];
        for (var i = 0; i < tone.Length; i++) tone[i] = (float)(0.5 * Math.Cos(2 * Math.PI * hertz * i / sampleRate));

        var result = Default.Compute(tone);

        var peakPower = Math.Pow(0.5 * 512 / 2, 2);
        // The periodic Hann window's DFT is N/2 at 0 and −N/4 at ±1 bin: the neighbours get half the amplitude of
        // the centre, a quarter of its power, and every other bin nothing.
        var bank = Default.FilterBank;
        for (var m = 0; m < bank.Mels; m++)
        {
            var expected = peakPower * (bank.Weight(m, bin) + (bank.Weight(m, bin - 1) + bank.Weight(m, bin + 1)) / 4);
            if (expected < 1) continue;
            Assert.Equal(10 * Math.Log10(expected), result[m, 40], 2);
        }
    }

    [Fact]
    public void Compute_IntoDestination_EqualsAllocatingOverload()
    {
        var samples = new float[10000];
        var random = new Random(7);
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(random.NextDouble() - 0.5);
        var destination = new float[Default.OutputLength(samples.Length) + 3];
        destination.AsSpan().Fill(float.NaN);

        Default.Compute(samples, destination);

        Assert.Equal(Default.Compute(samples).Values, destination[..^3]);
        Assert.All(destination[^3..], v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Compute_DestinationTooShort_Throws()
    {
        var destination = new float[Default.OutputLength(1000) - 1];

        Assert.Throws<ArgumentException>(() => Default.Compute(new float[1000], destination));
    }

    [Fact]
    public void Compute_ConcurrentCallers_GetIdenticalResults()
    {
        var samples = new float[44100];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)Math.Sin(i * 0.05) * (i % 97) / 97f;
        var expected = Default.Compute(samples).Values;

        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = Default.Compute(samples).Values);

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Compute_MinPowerOption_SetsTheFloor()
    {
        var spectrogram = new LogMelSpectrogram(MelOptions.Default with { MinPower = 1e-6 });

        var result = spectrogram.Compute(new float[2048]);

        Assert.All(result.Values, v => Assert.Equal(-60f, v, 4));
    }

    private static int NearestBand(MelFilterBank bank, double hertz)
    {
        var nearest = 0;
        for (var m = 1; m < bank.Mels; m++)
        {
            if (Math.Abs(bank.CentreFrequency(m) - hertz) < Math.Abs(bank.CentreFrequency(nearest) - hertz)) nearest = m;
        }
        return nearest;
    }
}
