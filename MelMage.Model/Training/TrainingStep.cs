using MelMage.Model.Network;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Training;

/// <summary>One optimisation step: forward in training mode, cross-entropy with label smoothing, backward, update.</summary>
public static class TrainingStep
{
    /// <summary>Runs one step on hard labels and returns the loss. The network should have been through
    /// <see cref="ChannelsLast.Apply"/>; the inputs are re-laid out here.</summary>
    public static float Run(AudioResNet network, OptimizerHelper optimizer, Tensor inputs, Tensor targets, double labelSmoothing = 0.1,
        bool mixedPrecision = false)
    {
        using var scope = NewDisposeScope();
        network.train();
        optimizer.zero_grad();
        var logits = mixedPrecision ? MixedPrecision.TrainingForward(network, ChannelsLast.Of(inputs)) : network.call(ChannelsLast.Of(inputs));
        var loss = functional.cross_entropy(logits, targets, label_smoothing: labelSmoothing);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The seed's optimiser: AdamW (lr 5e-4, weight decay 0.01), stepped with its scalars held
    /// (<see cref="AdamW"/> says why).</summary>
    public static AdamW CreateOptimizer(AudioResNet network, double learningRate = 5e-4, double weightDecay = 0.01) =>
        new AdamW(network.parameters(), learningRate, weightDecay);
}
