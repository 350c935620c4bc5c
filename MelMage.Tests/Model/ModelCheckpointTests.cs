using MelMage.Model;
using MelMage.Model.Checkpoints;
using MelMage.Model.Network;
using static TorchSharp.torch;

namespace MelMage.Tests.Model;

public sealed class ModelCheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("melmage-model-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static ModelMetadata Metadata() => new() { Version = "test-1", Labels = Esc50Labels.All };

    [Fact]
    public void SaveLoad_Float32_RestoresEveryTensorExactly()
    {
        using var scope = NewDisposeScope();
        using var original = TrainedLikeNetwork();
        ModelCheckpoint.Save(original, Metadata(), directory);

        var (loaded, metadata) = ModelCheckpoint.Load(directory);
        using (loaded)
        {
            Assert.Equal("test-1", metadata.Version);
            Assert.Equal("float32", metadata.WeightsDtype);
            Assert.Equal(64, metadata.WeightsSha256!.Length);
            var expected = original.state_dict();
            foreach (var (name, tensor) in loaded.state_dict())
                Assert.True(tensor.equal(expected[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void SaveLoad_Float16_IsHalfTheSizeAndGivesTheSameAnswers()
    {
        using var scope = NewDisposeScope();
        using var original = TrainedLikeNetwork();
        var halfDir = Path.Combine(directory, "half");
        var fullDir = Path.Combine(directory, "full");
        ModelCheckpoint.Save(original, Metadata(), halfDir, halfPrecision: true);
        ModelCheckpoint.Save(original, Metadata(), fullDir);

        var halfSize = new FileInfo(Path.Combine(halfDir, ModelCheckpoint.WeightsFile)).Length;
        var fullSize = new FileInfo(Path.Combine(fullDir, ModelCheckpoint.WeightsFile)).Length;
        Assert.InRange(halfSize, fullSize * 0.45, fullSize * 0.55);

        var (loaded, _) = ModelCheckpoint.Load(halfDir);
        using (loaded)
        using (inference_mode())
        {
            original.eval();
            var input = randn(3, 1, 128, 80);
            var expected = original.call(input).softmax(1);
            var actual = loaded.call(input).softmax(1);
            Assert.True(actual.allclose(expected, atol: 2e-3), $"max diff {(actual - expected).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void Load_WithoutMetadata_SaysItIsNotAModelDirectory()
    {
        var e = Assert.Throws<ModelLoadException>(() => ModelCheckpoint.Load(directory));
        Assert.Contains("model.json", e.Message);
    }

    [Fact]
    public void Load_ModifiedWeights_ReportsHashMismatch()
    {
        using var network = new AudioResNet(50);
        ModelCheckpoint.Save(network, Metadata(), directory);
        using (var stream = File.OpenWrite(Path.Combine(directory, ModelCheckpoint.WeightsFile)))
        {
            stream.Seek(-4, SeekOrigin.End);
            stream.Write([1, 2, 3, 4]);
        }
        var e = Assert.Throws<ModelLoadException>(() => ModelCheckpoint.Load(directory));
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void Load_LabelsDisagreeWithWeights_ListsShapeMismatch()
    {
        using var network = new AudioResNet(10);
        var labels = Enumerable.Range(0, 10).Select(i => $"c{i}").ToList();
        ModelCheckpoint.Save(network, new ModelMetadata { Version = "v", Labels = labels }, directory);
        var json = File.ReadAllText(Path.Combine(directory, ModelCheckpoint.MetadataFile));
        File.WriteAllText(Path.Combine(directory, ModelCheckpoint.MetadataFile), json.Replace("\"c9\"", "\"c9\", \"c10\""));

        var e = Assert.Throws<ModelLoadException>(() => ModelCheckpoint.Load(directory));
        Assert.Contains("fc.weight", e.Message);
        Assert.Contains("[10, 512]", e.Message);
    }

    [Fact]
    public void Load_UnknownArchitectureAndFormat_ReportsBoth()
    {
        using var network = new AudioResNet(50);
        ModelCheckpoint.Save(network, Metadata() with
        {
            Format = "melmage-model/99",
            Architecture = new ArchitectureSpec { Blocks = [2, 2, 2, 2] },
        }, directory);
        var e = Assert.Throws<ModelLoadException>(() => ModelCheckpoint.Load(directory));
        Assert.Contains("melmage-model/99", e.Message);
        Assert.Contains("3-4-6-3", e.Message);
    }

    [Fact]
    public void Load_TestTimeShiftsOutOfRange_SaysWhichRangeIsAllowed()
    {
        using var network = new AudioResNet(50);
        ModelCheckpoint.Save(network, Metadata() with { TestTimeShifts = 0 }, directory);
        var e = Assert.Throws<ModelLoadException>(() => ModelCheckpoint.Load(directory));
        Assert.Contains("testTimeShifts is 0", e.Message);
        Assert.Contains("1..64", e.Message);
    }

    private static AudioResNet TrainedLikeNetwork()
    {
        manual_seed(5);
        var network = new AudioResNet(50);
        network.train();
        using (no_grad())
        {
            network.call(randn(4, 1, 128, 64) * 2 + 0.5);
        }
        network.eval();
        return network;
    }
}
