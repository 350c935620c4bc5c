using MelMage.Audio.Resampling;
using MelMage.Tests.Audio.Support;

namespace MelMage.Tests.Audio.Resampling;

public sealed class ResamplerTests
{
    private const int ModelRate = 44100;
    private const double Amplitude = 0.5;

    // Half a second of output at 44.1 kHz: every even frequency in Hz completes a whole number of cycles in it, so a
    // single-bin DFT measures amplitude exactly and neighbouring even frequencies see no leakage.
    private const int SegmentStart = ModelRate / 4;
    private const int SegmentLength = ModelRate / 2;

    [Theory]
    [InlineData(8000, 1000)]
    [InlineData(8000, 3400)]
    [InlineData(11025, 2000)]
    [InlineData(22050, 1000)]
    [InlineData(22050, 9000)]
    [InlineData(25000, 5000)]
    [InlineData(32000, 10000)]
    [InlineData(44099, 1000)] // coprime with 44100: exercises the interpolated phase table
    [InlineData(48000, 1000)]
    [InlineData(48000, 19000)]
    [InlineData(96000, 12000)]
    [InlineData(192000, 18000)]
    public void Resample_PassbandSineTo44100_KeepsAmplitudeAndFrequency(int fromRate, int frequency)
    {
        var input = Signals.Sine(fromRate, frequency, Amplitude, fromRate);

        var segment = Resampler.Resample(input, fromRate, ModelRate).AsSpan(SegmentStart, SegmentLength);

        var measured = Signals.Amplitude(segment, ModelRate, frequency);
        Assert.InRange(measured, Amplitude * 0.99, Amplitude * 1.01);
        Assert.InRange(Signals.Amplitude(segment, ModelRate, frequency - 20), 0, measured * 0.01);
        Assert.InRange(Signals.Amplitude(segment, ModelRate, frequency + 20), 0, measured * 0.01);
        // A tone measured at the right frequency leaves almost nothing once removed.
        Assert.InRange(Signals.Rms(segment), measured / Math.Sqrt(2) * 0.99, measured / Math.Sqrt(2) * 1.01);
    }

    [Theory]
    [InlineData(96000, ModelRate, 30000)]
    [InlineData(96000, ModelRate, 23000)]
    [InlineData(48000, ModelRate, 23000)]
    [InlineData(192000, ModelRate, 60000)]
    [InlineData(96001, ModelRate, 30000)] // interpolated phase table
    [InlineData(ModelRate, 8000, 5000)]
    [InlineData(ModelRate, 16000, 9000)]
    public void Resample_ToneAboveNewNyquist_IsAttenuatedBy60Decibels(int fromRate, int toRate, int toneHz)
    {
        var passband = Resampler.Resample(Signals.Sine(fromRate, 1000, Amplitude, fromRate), fromRate, toRate);
        var stopband = Resampler.Resample(Signals.Sine(fromRate, toneHz, Amplitude, fromRate), fromRate, toRate);

        // Skip the first and last tenth, where the filter runs into the silence around the clip.
        var middle = new Range(toRate / 10, toRate - toRate / 10);
        var attenuationDb = 20 * Math.Log10(Signals.Rms(passband[middle]) / Signals.Rms(stopband[middle]));
        Assert.True(attenuationDb >= 60, $"{toneHz} Hz at {fromRate} → {toRate} Hz attenuated by only {attenuationDb:0.0} dB");
    }

    [Theory]
    [InlineData(8000, 4000)]
    [InlineData(11025, 5512.5)]
    [InlineData(22050, 11025)]
    public void Resample_Upsampling_AddsNoEnergyAboveOldNyquist(int fromRate, double oldNyquist)
    {
        var input = new float[fromRate];
        foreach (var fraction in new[] { 0.1, 0.4, 0.85 })
        {
            var tone = Signals.Sine(fromRate, oldNyquist * fraction, 0.3, fromRate, phase: fraction);
            for (var i = 0; i < input.Length; i++) input[i] += tone[i];
        }

        var output = Resampler.Resample(input, fromRate, ModelRate);

        var spectrum = Signals.PowerSpectrum(output.AsSpan(ModelRate / 8, 32768));
        var binHz = (double)ModelRate / 32768;
        var total = spectrum.Sum();
        var above = spectrum.Where((_, bin) => bin * binHz > oldNyquist).Sum();
        var ratioDb = 10 * Math.Log10(above / total);
        Assert.True(ratioDb <= -60, $"Energy above {oldNyquist} Hz is {ratioDb:0.0} dB relative to the total");
    }

    [Theory]
    [InlineData(220500, 44100, 48000, 240000)]
    [InlineData(240000, 48000, 44100, 220500)]
    [InlineData(1000, 48000, 44100, 919)] // 918.75
    [InlineData(7, 25000, 44100, 12)] // 12.348
    [InlineData(1, 8000, 44100, 6)] // 5.5125
    [InlineData(3, 44100, 8000, 1)] // 0.544
    [InlineData(2, 44100, 8000, 0)] // 0.363
    [InlineData(0, 8000, 44100, 0)]
    [InlineData(40000, 8000, 192000, 960000)]
    public void Resample_AnyLength_ReturnsRoundedScaledLength(int inputLength, int fromRate, int toRate, int expected)
    {
        var output = Resampler.Resample(new float[inputLength], fromRate, toRate);

        Assert.Equal(expected, output.Length);
        Assert.Equal(expected, Resampler.OutputLength(inputLength, fromRate, toRate));
    }

    [Fact]
    public void Resample_EqualRates_ReturnsCopyOfInput()
    {
        var input = Signals.Sine(ModelRate, 440, 0.9, 1000);

        var output = Resampler.Resample(input, ModelRate, ModelRate);

        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }

    [Theory]
    [InlineData(48000, ModelRate)]
    [InlineData(8000, ModelRate)]
    [InlineData(44099, ModelRate)]
    public void Resample_ConstantSignal_StaysConstantAwayFromEdges(int fromRate, int toRate)
    {
        var input = Enumerable.Repeat(0.5f, fromRate / 10).ToArray();

        var output = Resampler.Resample(input, fromRate, toRate);

        var middle = output.AsSpan(output.Length / 4, output.Length / 2);
        foreach (var sample in middle) Assert.Equal(0.5f, sample, 1e-5f);
    }

    [Fact]
    public void Resample_ManyThreadsAtOnce_GiveTheSameResultAsOne()
    {
        int[] rates = [8000, 16000, 22050, 32000, 48000, 96000];
        var input = Signals.Sine(96000, 700, 0.5, 4000);
        var expected = rates.Select(r => Resampler.Resample(input, r, ModelRate)).ToArray();

        var results = new float[rates.Length * 8][];
        Parallel.For(0, results.Length, i => results[i] = Resampler.Resample(input, rates[i % rates.Length], ModelRate));

        for (var i = 0; i < results.Length; i++) Assert.Equal(expected[i % rates.Length], results[i]);
    }

    [Theory]
    [InlineData(768000, 8000)]
    [InlineData(44100, 1)]
    [InlineData(1, 44100)]
    [InlineData(8000, 768000)]
    [InlineData(44100, 44101)]
    public void Resample_ExtremeRatio_ReturnsFiniteSamplesOfExpectedLength(int fromRate, int toRate)
    {
        var input = Signals.Sine(fromRate, fromRate / 7.0, 0.9, Math.Min(fromRate, 48000));

        var output = Resampler.Resample(input, fromRate, toRate);

        Assert.Equal(Resampler.OutputLength(input.Length, fromRate, toRate), output.Length);
        Assert.All(output, s => Assert.True(float.IsFinite(s) && Math.Abs(s) < 1.2f, $"sample {s}"));
    }

    [Theory]
    [InlineData(0, 44100)]
    [InlineData(44100, -1)]
    public void Resample_RateBelowOne_Throws(int fromRate, int toRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[10], fromRate, toRate));
    }
}
