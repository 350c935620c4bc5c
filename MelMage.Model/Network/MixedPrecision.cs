using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Network;

/// <summary>
/// The training forward pass in bfloat16 with float32 weights (what PyTorch's CPU autocast does, which TorchSharp
/// lacks): each convolution casts its float32 weight to bfloat16 on the way in (the input is cast once, at the stem),
/// so oneDNN runs the convolutions, where the cost is, on the CPU's bf16 units; the pooled features and the classifier
/// are float32. Weights, their gradients (the cast passes them back as float32), the optimizer state and batch norm
/// (statistics and affine, float32 on bf16 input) stay float32. It walks the same modules as
/// <see cref="AudioResNet.Forward"/> in the same order; a test compares the two.
/// </summary>
public static class MixedPrecision
{
    public static Tensor TrainingForward(AudioResNet network, Tensor input)
    {
        using var scope = NewDisposeScope();
        var (stemConv, stemNorm) = network.Stem;
        var x = functional.max_pool2d(functional.relu(Norm(stemNorm, Conv(stemConv, input.to(bfloat16)))), 3, 2, 1);
        foreach (var blocks in network.Layers)
        {
            foreach (var block in blocks)
            {
                var (c1, n1) = block.First;
                var (c2, n2) = block.Second;
                var residual = Norm(n2, Conv(c2, functional.relu(Norm(n1, Conv(c1, x)))));
                var identity = block.Shortcut is { } s ? Norm(s.Norm, Conv(s.Conv, x)) : x;
                x = functional.relu(residual.add(identity, HeldScalars.One));
            }
        }
        var pooled = functional.adaptive_avg_pool2d(x, [1, 1]).flatten(1).to(float32);
        var fc = network.Classifier;
        return functional.linear(functional.dropout(pooled, network.DropoutRate, network.training), fc.weight!, fc.bias)
            .MoveToOuterDisposeScope();
    }

    private static Tensor Conv(Conv2d conv, Tensor x) =>
        functional.conv2d(x, conv.weight!.to(bfloat16), null, conv.stride, conv.padding, conv.dilation, conv.groups);

    private static Tensor Norm(BatchNorm2d norm, Tensor x) =>
        functional.batch_norm(x, norm.running_mean, norm.running_var, norm.weight, norm.bias, norm.training, norm.momentum ?? 0.1, norm.eps);
}
