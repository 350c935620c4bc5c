using MelMage.Audio.IO;
using MelMage.Audio.Spectrograms;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Audio.Mel;

/// <summary>The torchaudio reference fixtures written by tools/reference/mel_reference.py.</summary>
internal static class MelFixtures
{
    /// <summary>The configuration mix22k was made with.</summary>
    public static MelOptions Config22K { get; } = new() { SampleRate = 22050, FMax = 11025 };

    /// <summary>The configuration odd16k was made with: every option away from its default.</summary>
    public static MelOptions ConfigOdd { get; } =
        new() { SampleRate = 16000, NFft = 512, HopLength = 160, NMels = 40, FMin = 30, FMax = 7000 };

    public static NpyArray Load(string fileName) => NpyFile.Read(TestPaths.Fixture("mel", fileName));

    /// <summary>Largest |ours − reference| in dB over cells where <paramref name="include"/> holds (all by default),
    /// after checking the shapes agree.</summary>
    public static double MaxDifference(Spectrogram ours, NpyArray reference, Func<int, int, bool>? include = null)
    {
        Assert.Equal([ours.Mels, ours.Frames], reference.Shape);
        var max = 0.0;
        for (var m = 0; m < ours.Mels; m++)
        {
            for (var t = 0; t < ours.Frames; t++)
            {
                if (include is not null && !include(m, t)) continue;
                max = Math.Max(max, Math.Abs(ours[m, t] - reference.Data[m * ours.Frames + t]));
            }
        }
        return max;
    }
}
