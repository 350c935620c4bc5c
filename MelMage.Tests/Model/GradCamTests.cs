using MelMage.Model.Inference;
using MelMage.Model.Network;
using static TorchSharp.torch;

namespace MelMage.Tests.Model;

public sealed class GradCamTests
{
    [Fact]
    public void ClosedForm_EqualsBackpropagation()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var network = new AudioResNet(50);
        network.eval();
        var input = randn(2, 1, 128, 96);
        var classes = tensor(new long[] { 3, 17, 42, 0, 49, 7 }, [2, 3]);

        var reference = GradCam.ComputeWithAutograd(network, input, classes);
        Tensor fast;
        using (inference_mode())
        {
            network.Forward(input, null, out var lastConv);
            var weight = network.parameters().Last(p => p.shape.SequenceEqual(new long[] { 50, 512 }));
            fast = GradCam.Compute(lastConv, weight, classes, 128, 96);
        }

        Assert.Equal([2L, 3, 128, 96], fast.shape);
        Assert.True(fast.allclose(reference, rtol: 1e-3, atol: 1e-4), $"max diff {(fast - reference).abs().max().item<float>()}");
    }

    [Fact]
    public void Heatmap_IsNormalisedAndFollowsTheActivation()
    {
        using var scope = NewDisposeScope();
        // One channel active only in the right half; class 0 weights that channel positively, class 1 negatively.
        var lastConv = zeros(1, 4, 4, 8);
        lastConv[0, 2, .., 4..] = ones(4, 4);
        var weight = zeros(2, 4);
        weight[0, 2] = tensor(1f);
        weight[1, 2] = tensor(-1f);
        var maps = GradCam.Compute(lastConv, weight, tensor(new long[] { 0, 1 }, [1, 2]), 16, 32);

        Assert.Equal(1f, maps[0, 0].max().item<float>(), 5);
        Assert.Equal(0f, maps[0, 0].min().item<float>(), 5);
        Assert.True(maps[0, 0, .., 24..].mean().item<float>() > 0.9f);
        Assert.True(maps[0, 0, .., ..8].max().item<float>() < 1e-6f);
        Assert.Equal(0f, maps[0, 1].max().item<float>(), 6);
    }
}
