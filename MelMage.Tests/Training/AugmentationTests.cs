using MelMage.Model.Training;

namespace MelMage.Tests.Training;

public sealed class AugmentationTests
{
    [Fact]
    public void RollFrames_MovesEveryRowCircularly()
    {
        float[] plane = [0, 1, 2, 3, 4, 10, 11, 12, 13, 14];
        Augmentation.RollFrames(plane, mels: 2, frames: 5, shift: 2);
        Assert.Equal([3, 4, 0, 1, 2, 13, 14, 10, 11, 12], plane);
        Augmentation.RollFrames(plane, 2, 5, -2);
        Assert.Equal([0, 1, 2, 3, 4, 10, 11, 12, 13, 14], plane);
    }

    [Fact]
    public void MixBackgroundDb_AddsPowerAtTheAskedRatio()
    {
        // Equal spectra mixed at 0 dB double the power (+3.01 dB); at 10 dB they add a tenth (+0.41 dB).
        float[] a = [-20, 0, 20];
        Augmentation.MixBackgroundDb(a, [-20f, 0f, 20f], snrDb: 0);
        Assert.All(a.Zip(new[] { -20f, 0f, 20f }), p => Assert.Equal(p.Second + 10 * Math.Log10(2), p.First, 3));
        float[] b = [5, 5];
        Augmentation.MixBackgroundDb(b, [-40f, -40f], snrDb: 10);
        Assert.All(b, v => Assert.Equal(5 + 10 * Math.Log10(1.1), v, 3));
    }

    [Fact]
    public void AddGainDb_OffsetsEveryBin()
    {
        float[] plane = [-80, 0, 12];
        Augmentation.AddGainDb(plane, -6);
        Assert.Equal([-86, -6, 6], plane);
    }
}
