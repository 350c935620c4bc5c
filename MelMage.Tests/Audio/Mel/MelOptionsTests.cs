using MelMage.Audio.Spectrograms;

namespace MelMage.Tests.Audio.Mel;

public sealed class MelOptionsTests
{
    public static TheoryData<MelOptions> InvalidOptions => new()
    {
        MelOptions.Default with { SampleRate = 0 },
        MelOptions.Default with { NFft = 1000 },
        MelOptions.Default with { NFft = 2 },
        MelOptions.Default with { HopLength = 0 },
        MelOptions.Default with { NMels = 0 },
        MelOptions.Default with { FMin = -1 },
        MelOptions.Default with { FMin = 22050 },
        MelOptions.Default with { FMax = double.NaN },
        MelOptions.Default with { MinPower = 0 },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOptions_ThrowsArgumentException(MelOptions options)
    {
        Assert.Throws<ArgumentException>(() => new LogMelSpectrogram(options));
    }

    [Fact]
    public void MaxFrequency_FMaxNull_IsHalfTheSampleRateRoundedDownAsTorchaudio()
    {
        Assert.Equal(11025.0, (MelOptions.Default with { SampleRate = 22051, FMax = null }).MaxFrequency);
    }
}
