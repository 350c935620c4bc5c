using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Network;

/// <summary>
/// An inference-only copy of <see cref="AudioResNet"/> with every BatchNorm folded into the convolution before it
/// (w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)), run with functional calls. Folding removes 36 normalisation passes over
/// the activations; the result equals the module in eval mode to float rounding.
/// </summary>
public sealed class FoldedResNet : IDisposable
{
    private readonly FoldedConv stem;
    private readonly FoldedBlock[][] layers;
    private readonly Tensor fcWeight;
    private readonly Tensor fcBias;

    public FoldedResNet(AudioResNet network, Device device, ScalarType dtype = ScalarType.Float32)
    {
        Dtype = dtype;
        using var _ = no_grad();
        stem = FoldedConv.From(network.Stem.Conv, network.Stem.Norm, device, dtype);
        layers = network.Layers.Select(blocks => blocks.Select(block => new FoldedBlock(
            FoldedConv.From(block.First.Conv, block.First.Norm, device, dtype),
            FoldedConv.From(block.Second.Conv, block.Second.Norm, device, dtype),
            block.Shortcut is { } s ? FoldedConv.From(s.Conv, s.Norm, device, dtype) : null)).ToArray()).ToArray();
        using (NewDisposeScope()) // the chains' temporaries stay referenced until used (SafeTensors.Encode says why)
        {
            fcWeight = network.Classifier.weight!.detach().to(device).clone().DetachFromDisposeScope();
            fcBias = network.Classifier.bias!.detach().to(device).clone().DetachFromDisposeScope();
        }
        NumClasses = network.NumClasses;
    }

    public ScalarType Dtype { get; }
    public int NumClasses { get; }

    /// <summary>Logits for [N, 1, mels, frames]. Feature maps are reported as in <see cref="AudioResNet.Forward"/>;
    /// <paramref name="lastConv"/> is layer4's output (float32).</summary>
    public Tensor Forward(Tensor input, Action<string, Tensor>? featureMaps, out Tensor lastConv)
    {
        using var scope = NewDisposeScope();
        var x = input.dtype == Dtype ? input : input.to(Dtype);
        x = functional.max_pool2d(stem.Apply(x).relu_(), [3, 3], [2, 2], [1, 1]);
        featureMaps?.Invoke("conv1", x);
        for (var l = 0; l < layers.Length; l++)
        {
            for (var b = 0; b < layers[l].Length; b++)
            {
                var block = layers[l][b];
                var residual = block.Second.Apply(block.First.Apply(x).relu_());
                var sum = residual.add_(block.Shortcut is null ? x : block.Shortcut.Apply(x), HeldScalars.One);
                featureMaps?.Invoke(FeatureMapNames.BlockConv(l, b), sum);
                x = functional.relu(sum);
                featureMaps?.Invoke(FeatureMapNames.BlockRelu(l, b), x);
            }
            featureMaps?.Invoke(FeatureMapNames.Layer(l), x);
        }
        var last = x.to(ScalarType.Float32);
        var pooled = last.mean([2, 3]);
        var logits = functional.linear(pooled, fcWeight, fcBias);
        lastConv = last.MoveToOuterDisposeScope();
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Weights of the linear classifier [classes, 512] (float32), for Grad-CAM.</summary>
    public Tensor ClassifierWeight => fcWeight;

    public void Dispose()
    {
        stem.Dispose();
        foreach (var block in layers.SelectMany(l => l))
        {
            block.First.Dispose();
            block.Second.Dispose();
            block.Shortcut?.Dispose();
        }
        fcWeight.Dispose();
        fcBias.Dispose();
    }

    private sealed record FoldedBlock(FoldedConv First, FoldedConv Second, FoldedConv? Shortcut);

    private sealed class FoldedConv(Tensor weight, Tensor bias, long stride, long padding) : IDisposable
    {
        private readonly long[] strides = [stride, stride];
        private readonly long[] paddings = [padding, padding];

        public Tensor Apply(Tensor x) => functional.conv2d(x, weight, bias, strides, paddings);

        public static FoldedConv From(Conv2d conv, BatchNorm2d norm, Device device, ScalarType dtype)
        {
            using var scope = NewDisposeScope();
            using var eps = norm.eps.ToScalar(); // held through the native call (Training/AdamW.cs says why)
            var scale = norm.weight!.detach() / norm.running_var!.add(eps, HeldScalars.One).sqrt();
            var w = conv.weight!.detach() * scale.reshape(-1, 1, 1, 1);
            var b = norm.bias!.detach() - norm.running_mean! * scale;
            var stride = conv.stride[0];
            var padding = conv.padding?[0] ?? 0;
            return new FoldedConv(
                w.to(dtype, device).contiguous().MoveToOuterDisposeScope(),
                b.to(dtype, device).contiguous().MoveToOuterDisposeScope(),
                stride, padding);
        }

        public void Dispose()
        {
            weight.Dispose();
            bias.Dispose();
        }
    }
}
