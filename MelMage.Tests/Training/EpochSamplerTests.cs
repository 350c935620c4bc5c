using MelMage.Model.Training;

namespace MelMage.Tests.Training;

public sealed class EpochSamplerTests
{
    // The dev set's shape in miniature: one class of 32 clips beside two of 8 and one of 2.
    private static readonly List<Esc50Clip> Train = [.. Clips(0, 32), .. Clips(1, 8), .. Clips(2, 8), .. Clips(3, 2)];

    private static IEnumerable<Esc50Clip> Clips(int target, int count) =>
        Enumerable.Range(0, count).Select(i => new Esc50Clip($"{target}-{i}.wav", $"/d/{target}-{i}.wav", 1, target, $"class{target}", $"src{target}-{i}"));

    private static int[] PerClass(Esc50Clip[] order) => [.. Enumerable.Range(0, 4).Select(t => order.Count(c => c.Target == t))];

    [Fact]
    public void Off_IsAShuffleOfEveryClipOnce()
    {
        var order = EpochSampler.Order(Train, 0, new Random(1));
        Assert.Equal(Train.Count, order.Length);
        Assert.Equal(Train.OrderBy(c => c.FileName), order.OrderBy(c => c.FileName));
        Assert.NotEqual(Train, order);
    }

    [Fact]
    public void Off_DrawsTheSameRandomNumbersAsBefore()
    {
        // Runs trained before the option existed shuffled a copy of the list: resuming them must give the same epochs.
        var before = Train.ToArray();
        new Random(7).Shuffle(before);
        Assert.Equal(before, EpochSampler.Order(Train, 0, new Random(7)));
    }

    [Fact]
    public void Full_GivesEveryClassAnEqualShareOfTheSameLength()
    {
        var order = EpochSampler.Order(Train, 1, new Random(2));
        Assert.Equal(Train.Count, order.Length);
        Assert.Equal([13, 13, 12, 12], PerClass(order));
        // The two-clip class is repeated evenly (6 or 7 times each), the big class subsampled without repeats.
        Assert.All(order.Where(c => c.Target == 3).GroupBy(c => c.FileName), g => Assert.InRange(g.Count(), 6, 6));
        Assert.Equal(13, order.Where(c => c.Target == 0).Distinct().Count());
    }

    [Fact]
    public void Half_IsSquareRootSampling()
    {
        var order = EpochSampler.Order(Train, 0.5, new Random(3));
        // sqrt(32) : sqrt(8) : sqrt(8) : sqrt(2) = 4 : 2 : 2 : 1 of 50 clips → 22.2, 11.1, 11.1, 5.6.
        Assert.Equal([22, 11, 11, 6], PerClass(order));
    }

    [Fact]
    public void Shares_AlwaysAddUpToTheTotal()
    {
        Assert.Equal(50, EpochSampler.Shares([1, 1, 1], 50).Sum());
        Assert.Equal([17, 17, 16], EpochSampler.Shares([1, 1, 1], 50));
        Assert.Equal([0, 7], EpochSampler.Shares([0, 3], 7));
    }

    [Fact]
    public void OutOfRange_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EpochSampler.Order(Train, 1.5, new Random(0)));
}
