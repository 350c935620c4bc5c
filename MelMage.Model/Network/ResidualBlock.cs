using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Network;

/// <summary>A basic residual block: two 3×3 convolutions with batch norm, and a 1×1 projection shortcut when the
/// block changes resolution or width. Field names are checkpoint keys.</summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? shortcut;

    public ResidualBlock(string name, long inChannels, long outChannels, long stride) : base(name)
    {
        conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(outChannels);
        conv2 = Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            shortcut = Sequential(
                ("0", Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)),
                ("1", BatchNorm2d(outChannels)));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => Forward(input, out _);

    /// <summary>Runs the block and also returns the pre-activation sum (residual + shortcut) that the feature-map
    /// view calls <c>layerN.blockK.conv</c>; the return value is its ReLU (<c>layerN.blockK.relu</c>).</summary>
    public Tensor Forward(Tensor input, out Tensor preActivation)
    {
        using var scope = NewDisposeScope();
        var residual = bn2.call(conv2.call(functional.relu(bn1.call(conv1.call(input)))));
        var identity = shortcut is null ? input : shortcut.call(input);
        var sum = residual.add_(identity, HeldScalars.One);
        var output = functional.relu(sum);
        preActivation = sum.MoveToOuterDisposeScope();
        return output.MoveToOuterDisposeScope();
    }

    internal (Conv2d Conv, BatchNorm2d Norm) First => (conv1, bn1);
    internal (Conv2d Conv, BatchNorm2d Norm) Second => (conv2, bn2);
    internal (Conv2d Conv, BatchNorm2d Norm)? Shortcut =>
        shortcut is null ? null : ((Conv2d)shortcut[0], (BatchNorm2d)shortcut[1]);
}
