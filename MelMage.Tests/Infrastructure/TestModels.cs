using MelMage.Model.Checkpoints;
using MelMage.Model.Network;
using static TorchSharp.torch;

namespace MelMage.Tests.Infrastructure;

/// <summary>A models folder made for a test: an <c>esc10</c> model (the untrained 10-class network, saved as a trained
/// one would be, with a card and the evaluation report of Fixtures/models) to serve beside the default model.</summary>
public sealed class TestModels : IDisposable
{
    public const string Esc10 = "esc10";

    public const string Esc10Version = "test-esc10-untrained";

    /// <summary>The ESC-10 classes, in ESC-50 target order.</summary>
    public static IReadOnlyList<string> Esc10Labels { get; } =
        ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick", "helicopter", "chainsaw"];

    public TestModels()
    {
        Root = Directory.CreateTempSubdirectory("melmage-models-").FullName;
        var directory = Path.Combine(Root, Esc10);
        manual_seed(10);
        using var network = new AudioResNet(Esc10Labels.Count);
        ModelCheckpoint.Save(network, new ModelMetadata { Version = Esc10Version, Labels = Esc10Labels }, directory,
            halfPrecision: true);
        File.Copy(TestPaths.Fixture("models", "esc10-evaluation.json"), Path.Combine(directory, "evaluation.json"));
        File.WriteAllText(Path.Combine(directory, "README.md"), "# Model card: esc10 (test)\n\nUntrained; for tests only.\n");
    }

    /// <summary>The models folder (Worker:ModelsDirectory).</summary>
    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
