using MelMage.Model.Network;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Inference;

/// <summary>
/// Grad-CAM on the last convolutional activation A (layer4's output): weights α_k = mean over positions of ∂y_c/∂A_k,
/// map = ReLU(Σ_k α_k A_k), bilinearly upsampled to the spectrogram grid and scaled to [0, 1].
/// Because layer4 is followed only by global average pooling, dropout (identity at inference) and a linear layer,
/// ∂y_c/∂A_k(i,j) = W[c,k]/(H·W) exactly, so <see cref="Compute"/> needs no backward pass;
/// <see cref="ComputeWithAutograd"/> is the textbook definition, kept to prove the two agree.
/// </summary>
public static class GradCam
{
    /// <param name="lastConv">[N, K, h, w] layer4 activations.</param>
    /// <param name="classifierWeight">[classes, K] weights of the final linear layer.</param>
    /// <param name="classes">[N, m] class indices to explain per sample.</param>
    /// <param name="height">Output height (mel bands).</param>
    /// <param name="width">Output width (frames).</param>
    /// <returns>[N, m, height, width] heatmaps in [0, 1].</returns>
    public static Tensor Compute(Tensor lastConv, Tensor classifierWeight, Tensor classes, long height, long width)
    {
        using var scope = NewDisposeScope();
        var (n, k, h, w) = (lastConv.shape[0], lastConv.shape[1], lastConv.shape[2], lastConv.shape[3]);
        using var area = ((double)(h * w)).ToScalar(); // held through the native call (Training/AdamW.cs says why)
        var alphas = classifierWeight.index_select(0, classes.reshape(-1)).reshape(n, -1, k).div_(area); // [N, m, K]
        var maps = alphas.bmm(lastConv.reshape(n, k, h * w)).reshape(n, -1, h, w);                      // [N, m, h, w]
        return Finish(maps, height, width).MoveToOuterDisposeScope();
    }

    /// <summary>Grad-CAM by backpropagation through <paramref name="network"/> (eval mode), one class at a time.</summary>
    public static Tensor ComputeWithAutograd(AudioResNet network, Tensor input, Tensor classes)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var logits = network.Forward(input, null, out var lastConv);
        var perClass = new List<Tensor>();
        for (var j = 0; j < classes.shape[1]; j++)
        {
            var picked = logits.gather(1, classes[.., j..(j + 1)]).sum();
            var gradient = autograd.grad([picked], [lastConv], retain_graph: true)[0];
            var alphas = gradient.mean([2, 3], keepdim: true);
            perClass.Add((alphas * lastConv).sum(1, keepdim: true).detach());
        }
        var maps = cat(perClass, 1);
        return Finish(maps, input.shape[2], input.shape[3]).MoveToOuterDisposeScope();
    }

    private static Tensor Finish(Tensor maps, long height, long width)
    {
        var positive = functional.relu(maps);
        var (n, m) = (positive.shape[0], positive.shape[1]);
        var upsampled = functional.interpolate(positive, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        using var floor = 1e-12.ToScalar(); // held through the native call (Training/AdamW.cs says why)
        var peak = upsampled.reshape(n, m, -1).amax([2]).clamp_min(floor).reshape(n, m, 1, 1);
        return upsampled / peak;
    }
}
