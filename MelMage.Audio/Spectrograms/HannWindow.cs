namespace MelMage.Audio.Spectrograms;

/// <summary>The periodic Hann window, torch.hann_window(n, periodic=True): 0.5 − 0.5·cos(2πi / n).</summary>
internal static class HannWindow
{
    public static double[] Periodic(int length)
    {
        var window = new double[length];
        for (var i = 0; i < length; i++) window[i] = 0.5 - 0.5 * double.CosPi(2.0 * i / length);
        return window;
    }
}
