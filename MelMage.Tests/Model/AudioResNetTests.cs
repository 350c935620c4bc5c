using MelMage.Model.Network;
using static TorchSharp.torch;

namespace MelMage.Tests.Model;

public sealed class AudioResNetTests
{
    [Fact]
    public void Parameters_With50Classes_Are21304050()
    {
        using var network = new AudioResNet(50);
        Assert.Equal(21_304_050L, network.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Forward_FiveSecondSpectrogram_GivesLogitsPerClass()
    {
        using var scope = NewDisposeScope();
        using var network = new AudioResNet(50);
        network.eval();
        using var _ = inference_mode();
        var logits = network.call(randn(2, 1, 128, 431));
        Assert.Equal([2L, 50L], logits.shape);
    }

    [Fact]
    public void Forward_ReportsThe37FeatureMapsInOrderWithExpectedShapes()
    {
        using var scope = NewDisposeScope();
        using var network = new AudioResNet(50);
        network.eval();
        using var _ = inference_mode();
        var seen = new List<(string Name, long[] Shape)>();
        network.Forward(randn(1, 1, 128, 431), (name, t) => seen.Add((name, t.shape)), out var lastConv);

        Assert.Equal(37, seen.Count);
        Assert.Equal(FeatureMapNames.All, seen.Select(s => s.Name));
        Assert.Equal([1L, 64, 32, 108], seen.Single(s => s.Name == "conv1").Shape);
        Assert.Equal([1L, 64, 32, 108], seen.Single(s => s.Name == "layer1").Shape);
        Assert.Equal([1L, 128, 16, 54], seen.Single(s => s.Name == "layer2.block0.conv").Shape);
        Assert.Equal([1L, 256, 8, 27], seen.Single(s => s.Name == "layer3.block5.relu").Shape);
        Assert.Equal([1L, 512, 4, 14], seen.Single(s => s.Name == "layer4").Shape);
        Assert.Equal([1L, 512, 4, 14], lastConv.shape);
    }

    [Fact]
    public void BlockOutput_IsReluOfItsPreActivationSum()
    {
        using var scope = NewDisposeScope();
        using var network = new AudioResNet(50);
        network.eval();
        using var mode = inference_mode();
        var maps = new Dictionary<string, Tensor>();
        network.Forward(randn(1, 1, 128, 100), (name, t) => maps[name] = t.clone().MoveToOuterDisposeScope(), out _);
        var conv = maps["layer2.block1.conv"];
        Assert.True(conv.min().item<float>() < 0, "the pre-activation sum should have negative values");
        Assert.True(maps["layer2.block1.relu"].allclose(nn.functional.relu(conv)));
    }

    [Fact]
    public void Folded_EqualsModuleInEvalMode_WithTrainedBatchNormStatistics()
    {
        using var scope = NewDisposeScope();
        using var network = new AudioResNet(50);
        // Give every BatchNorm non-trivial statistics, as training would.
        network.train();
        using (no_grad())
        {
            for (var i = 0; i < 3; i++) network.call(randn(4, 1, 128, 64) * 3 + 1);
        }
        network.eval();
        using var folded = new FoldedResNet(network, CPU);
        using var _ = inference_mode();
        var input = randn(2, 1, 128, 64);
        var expected = network.Forward(input, null, out var expectedLast);
        var actual = folded.Forward(input, null, out var actualLast);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-4), $"max diff {(actual - expected).abs().max().item<float>()}");
        Assert.True(actualLast.allclose(expectedLast, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Complexity_OfFiveSecondClip_IsAbout8Gflop()
    {
        var gflop = ModelComplexity.ForwardFlops(128, 431) / 1e9;
        Assert.InRange(gflop, 7.8, 8.1);
    }
}
