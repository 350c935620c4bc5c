namespace MelMage.Model.Network;

/// <summary>Counts the multiply-adds of one forward pass (2 FLOPs each), to compare measured speed with the floor
/// set by the machine's matrix-multiply rate.</summary>
public static class ModelComplexity
{
    public static double ForwardFlops(int mels, int frames, int numClasses = 50)
    {
        double flops = 0;
        (long h, long w) = (mels, frames);
        (h, w, flops) = Conv(h, w, 1, 64, 7, 2, 3, flops);
        (h, w) = (Out(h, 3, 2, 1), Out(w, 3, 2, 1));
        long inChannels = 64;
        for (var l = 0; l < AudioResNet.BlocksPerLayer.Length; l++)
        {
            var outChannels = AudioResNet.ChannelsPerLayer[l];
            for (var b = 0; b < AudioResNet.BlocksPerLayer[l]; b++)
            {
                var stride = b == 0 && l > 0 ? 2 : 1;
                var (h1, w1, f1) = Conv(h, w, inChannels, outChannels, 3, stride, 1, flops);
                (_, _, flops) = Conv(h1, w1, outChannels, outChannels, 3, 1, 1, f1);
                if (stride != 1 || inChannels != outChannels) (_, _, flops) = Conv(h, w, inChannels, outChannels, 1, stride, 0, flops);
                (h, w, inChannels) = (h1, w1, outChannels);
            }
        }
        return flops + 2.0 * 512 * numClasses;
    }

    private static long Out(long size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    private static (long H, long W, double Flops) Conv(long h, long w, long cin, long cout, int k, int s, int p, double flops)
    {
        var (oh, ow) = (Out(h, k, s, p), Out(w, k, s, p));
        return (oh, ow, flops + 2.0 * cout * cin * k * k * oh * ow);
    }
}
