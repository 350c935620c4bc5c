namespace MelMage.Model.Network;

/// <summary>The names of the 37 feature maps, in the order the forward pass produces them: conv1, then for each block
/// its pre-activation sum (<c>layerN.blockK.conv</c>) and output (<c>layerN.blockK.relu</c>), then the layer output.</summary>
public static class FeatureMapNames
{
    public static string Layer(int layerIndex) => $"layer{layerIndex + 1}";
    public static string BlockConv(int layerIndex, int block) => $"layer{layerIndex + 1}.block{block}.conv";
    public static string BlockRelu(int layerIndex, int block) => $"layer{layerIndex + 1}.block{block}.relu";

    public static IReadOnlyList<string> All { get; } = Build();

    private static List<string> Build()
    {
        var names = new List<string> { "conv1" };
        for (var l = 0; l < AudioResNet.BlocksPerLayer.Length; l++)
        {
            for (var b = 0; b < AudioResNet.BlocksPerLayer[l]; b++)
            {
                names.Add(BlockConv(l, b));
                names.Add(BlockRelu(l, b));
            }
            names.Add(Layer(l));
        }
        return names;
    }
}
