using MelMage.Audio.Spectrograms;

namespace MelMage.Tests.Audio.Mel;

public sealed class MelFilterBankTests
{
    private static readonly MelFilterBank Default = new(MelOptions.Default);

    [Fact]
    public void ToDense_DefaultOptions_EqualsTorchaudioMelscaleFbanks()
    {
        // fbank44k.npy: torchaudio.functional.melscale_fbanks(513, 0, 22050, 128, 44100, None, "htk") in float32,
        // whose mel points are rounded to float32: that moves weights by up to ~1e-5 from the exact values.
        var reference = MelFixtures.Load("fbank44k.npy");
        Assert.Equal([513, 128], reference.Shape);

        var dense = Default.ToDense();

        var max = 0.0;
        for (var i = 0; i < dense.Length; i++) max = Math.Max(max, Math.Abs(dense[i] - reference.Data[i]));
        Assert.InRange(max, 0, 2e-5);
    }

    [Theory]
    // Printed from torchaudio 0.13.1 with torch.set_default_dtype(torch.float64):
    // fb = melscale_fbanks(513, 0.0, 22050.0, 128, 44100, None, "htk"); repr(float(fb[bin, mel]))
    [InlineData(10, 6, 0.3608041926365869)]
    [InlineData(64, 76, 0.3335082537523586)]
    [InlineData(64, 77, 0.7333991048119817)]
    [InlineData(127, 485, 0.0551872253710001)]
    [InlineData(127, 486, 0.12823043134872528)]
    [InlineData(64, 100, 0.0)]
    public void Weight_DefaultOptions_MatchesTorchaudioFloat64Values(int mel, int bin, double expected)
    {
        Assert.Equal(expected, Default.Weight(mel, bin), 1e-12);
    }

    [Fact]
    public void Weight_DefaultOptions_LowestFilterIsEmptyAsInTorchaudio()
    {
        // At 43 Hz per bin the first HTK triangle (0 → 19 → 38 Hz) falls between bins 0 and 1; torchaudio warns.
        for (var bin = 0; bin < Default.FrequencyBins; bin++) Assert.Equal(0.0, Default.Weight(0, bin));
        for (var mel = 1; mel < Default.Mels; mel++)
        {
            Assert.Contains(Enumerable.Range(0, Default.FrequencyBins), bin => Default.Weight(mel, bin) > 0);
        }
    }

    [Fact]
    public void Weight_22KhzOptions_Filter100SpansTorchaudioBins()
    {
        // torchaudio 0.13.1: (melscale_fbanks(513, 0, 11025, 128, 22050, None, "htk")[:, 100] > 0) → bins 257..269
        var bank = new MelFilterBank(MelFixtures.Config22K);

        for (var bin = 250; bin < 275; bin++)
        {
            Assert.Equal(bin is >= 257 and <= 269, bank.Weight(100, bin) > 0);
        }
    }

    [Fact]
    public void NonZeroWeights_DefaultOptions_IsAboutTwoPerBin()
    {
        // Adjacent triangles overlap exactly once, so the sparse form stores at most two weights per bin.
        Assert.InRange(Default.NonZeroWeights, Default.FrequencyBins, 2 * Default.FrequencyBins);
    }

    [Fact]
    public void CentreFrequency_AdjacentFilters_AreEquallySpacedInMel()
    {
        var step = MelScale.HzToMel(Default.CentreFrequency(1)) - MelScale.HzToMel(Default.CentreFrequency(0));

        Assert.Equal(MelScale.HzToMel(22050) / 129, step, 9);
        for (var m = 2; m < Default.Mels; m++)
        {
            var gap = MelScale.HzToMel(Default.CentreFrequency(m)) - MelScale.HzToMel(Default.CentreFrequency(m - 1));
            Assert.Equal(step, gap, 9);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(700.0, 781.1728)] // 2595 · log10(2)
    [InlineData(1000.0, 999.9855)]
    public void HzToMel_KnownFrequencies_FollowsHtkFormula(double hertz, double mel)
    {
        Assert.Equal(mel, MelScale.HzToMel(hertz), 3);
        Assert.Equal(hertz, MelScale.MelToHz(MelScale.HzToMel(hertz)), 9);
    }
}
