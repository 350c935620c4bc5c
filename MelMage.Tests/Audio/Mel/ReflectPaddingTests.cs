using MelMage.Audio.Spectrograms;

namespace MelMage.Tests.Audio.Mel;

public sealed class ReflectPaddingTests
{
    [Theory]
    // Expected rows printed by numpy 1.24: np.pad(np.arange(length), pad, mode="reflect")
    [InlineData(3, 5, new[] { 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1 })]
    [InlineData(5, 7, new[] { 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3 })]
    [InlineData(1, 3, new[] { 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(6, 2, new[] { 2, 1, 0, 1, 2, 3, 4, 5, 4, 3 })]
    public void SourceIndex_PaddingAroundSignal_MatchesNumpyReflect(int length, int pad, int[] expected)
    {
        var actual = Enumerable.Range(-pad, length + 2 * pad).Select(i => ReflectPadding.SourceIndex(i, length));

        Assert.Equal(expected, actual);
    }
}
