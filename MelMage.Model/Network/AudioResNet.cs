using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Network;

/// <summary>
/// The seed's CNN: conv 7×7/2 (64) + BN + ReLU + max-pool 3×3/2, residual layers of 3, 4, 6 and 3 basic blocks
/// (64, 128, 256, 512 channels; the first block of layers 2–4 strides 2), adaptive average pool, dropout 0.5 and a
/// linear classifier. Input [N, 1, mels, frames]; 21,304,050 parameters with 50 classes.
/// </summary>
public sealed class AudioResNet : Module<Tensor, Tensor>
{
    public static readonly int[] BlocksPerLayer = [3, 4, 6, 3];
    public static readonly int[] ChannelsPerLayer = [64, 128, 256, 512];

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly ModuleList<ResidualBlock> layer1;
    private readonly ModuleList<ResidualBlock> layer2;
    private readonly ModuleList<ResidualBlock> layer3;
    private readonly ModuleList<ResidualBlock> layer4;
    private readonly Dropout dropout;
    private readonly Linear fc;

    public AudioResNet(int numClasses, double dropoutRate = 0.5) : base(nameof(AudioResNet))
    {
        NumClasses = numClasses;
        DropoutRate = dropoutRate;
        conv1 = Conv2d(1, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        layer1 = MakeLayer(0, 64);
        layer2 = MakeLayer(1, 64);
        layer3 = MakeLayer(2, 128);
        layer4 = MakeLayer(3, 256);
        dropout = Dropout(dropoutRate);
        fc = Linear(512, numClasses);
        RegisterComponents();
    }

    public int NumClasses { get; }
    public double DropoutRate { get; }

    internal IReadOnlyList<ModuleList<ResidualBlock>> Layers => [layer1, layer2, layer3, layer4];
    internal (Conv2d Conv, BatchNorm2d Norm) Stem => (conv1, bn1);
    internal Linear Classifier => fc;

    public override Tensor forward(Tensor input) => Forward(input, null, out _);

    /// <summary>Forward pass. When <paramref name="featureMaps"/> is given, each of the 37 named maps is passed to it
    /// as it is produced (the tensor is only valid during the call). <paramref name="lastConv"/> is layer4's output,
    /// the activation Grad-CAM explains.</summary>
    public Tensor Forward(Tensor input, Action<string, Tensor>? featureMaps, out Tensor lastConv)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.call(functional.relu(bn1.call(conv1.call(input))));
        featureMaps?.Invoke("conv1", x);
        var layers = Layers;
        for (var l = 0; l < layers.Count; l++)
        {
            var blocks = layers[l];
            for (var b = 0; b < blocks.Count; b++)
            {
                x = blocks[b].Forward(x, out var preActivation);
                featureMaps?.Invoke(FeatureMapNames.BlockConv(l, b), preActivation);
                featureMaps?.Invoke(FeatureMapNames.BlockRelu(l, b), x);
            }
            featureMaps?.Invoke(FeatureMapNames.Layer(l), x);
        }
        lastConv = x.MoveToOuterDisposeScope();
        var pooled = functional.adaptive_avg_pool2d(x, [1, 1]).flatten(1);
        return fc.call(dropout.call(pooled)).MoveToOuterDisposeScope();
    }

    private static ModuleList<ResidualBlock> MakeLayer(int index, int inChannels)
    {
        var outChannels = ChannelsPerLayer[index];
        var blocks = new ModuleList<ResidualBlock>();
        for (var b = 0; b < BlocksPerLayer[index]; b++)
        {
            var stride = b == 0 && index > 0 ? 2 : 1;
            blocks.Add(new ResidualBlock($"block{b}", b == 0 ? inChannels : outChannels, outChannels, stride));
        }
        return blocks;
    }
}
