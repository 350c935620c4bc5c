using MelMage.Audio.Spectrograms;

namespace MelMage.Tests.Audio.Mel;

public sealed class RealFftTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(4096)]
    public void PowerSpectrum_RandomFrame_MatchesDirectDft(int length)
    {
        var random = new Random(length);
        var frame = new double[length];
        for (var i = 0; i < length; i++) frame[i] = random.NextDouble() * 2 - 1;
        var fft = new RealFft(length);
        var power = new double[length / 2 + 1];

        fft.PowerSpectrum(frame, power, new double[fft.ScratchLength]);

        var scale = 0.0;
        var expected = DirectPower(frame);
        foreach (var p in expected) scale = Math.Max(scale, p);
        for (var k = 0; k < power.Length; k++) Assert.True(Math.Abs(power[k] - expected[k]) <= 1e-10 * scale, $"bin {k}");
    }

    [Fact]
    public void PowerSpectrum_Impulse_IsFlat()
    {
        var fft = new RealFft(32);
        var frame = new double[32];
        frame[5] = 3;
        var power = new double[17];

        fft.PowerSpectrum(frame, power, new double[fft.ScratchLength]);

        Assert.All(power, p => Assert.Equal(9.0, p, 12));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(12)]
    public void Constructor_NotAPowerOfTwoOfAtLeastFour_Throws(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(length));
    }

    private static double[] DirectPower(double[] frame)
    {
        var n = frame.Length;
        var power = new double[n / 2 + 1];
        for (var k = 0; k < power.Length; k++)
        {
            double re = 0, im = 0;
            for (var j = 0; j < n; j++)
            {
                var angle = -2 * Math.PI * ((long)k * j % n) / n;
                re += frame[j] * Math.Cos(angle);
                im += frame[j] * Math.Sin(angle);
            }
            power[k] = re * re + im * im;
        }
        return power;
    }
}
