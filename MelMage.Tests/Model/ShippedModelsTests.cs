using System.Text.Json;
using MelMage.Audio.Wav;
using MelMage.Contracts.Api;
using MelMage.Model.Checkpoints;
using MelMage.Model.Inference;
using MelMage.Tests.Infrastructure;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Options;

namespace MelMage.Tests.Model;

/// <summary>What a fresh clone serves: the repository's <c>models/</c> folder holds the default <c>esc50</c> and
/// <c>esc10</c>, each with float16 weights within 50 MB, its card and an evaluation report the worker accepts, and each
/// loads and answers with its own labels.</summary>
public sealed class ShippedModelsTests
{
    private const long MaxWeightBytes = 50L * 1024 * 1024;
    private static readonly string ModelsDirectory = Path.Combine(TestPaths.RepositoryRoot, "models");

    [Fact]
    public void Repository_ServesEsc50ByDefaultAndEsc10()
    {
        var catalog = new ModelCatalog(Options.Create(new WorkerOptions { ModelsDirectory = ModelsDirectory }));
        Assert.Equal(["esc50", "esc10"], catalog.Models.Select(m => m.Name));
        Assert.Equal("esc50", catalog.Default.Name);
    }

    [Theory]
    [InlineData("esc50", 50)]
    [InlineData("esc10", 10)]
    public void ShippedModel_HasHalfWeightsCardAndAcceptedReport_AndAnswersWithItsLabels(string name, int classes)
    {
        var directory = Path.Combine(ModelsDirectory, name);
        var metadata = ModelCheckpoint.ReadMetadata(directory);
        Assert.Equal(classes, metadata.Labels.Count);
        Assert.Equal("float16", metadata.WeightsDtype);
        Assert.InRange(new FileInfo(Path.Combine(directory, ModelCheckpoint.WeightsFile)).Length, 1, MaxWeightBytes);
        Assert.Contains(metadata.Version, File.ReadAllText(Path.Combine(directory, "README.md")));

        var (report, problem) = EvaluationFile.Read(directory, metadata.Labels);
        Assert.Null(problem);
        Assert.NotNull(report);
        // The report was measured the way the model is served: with as many test-time shifts as its model.json asks.
        var measured = System.Text.Json.JsonDocument.Parse(report).RootElement;
        Assert.Equal(metadata.TestTimeShifts, measured.TryGetProperty("shifts", out var shifts) ? shifts.GetInt32() : 1);

        // A dog bark from the dev set: both models know the class, so the answer is one of their labels.
        using var engine = InferenceEngine.Load(directory);
        var clip = WavDecoder.Decode(File.ReadAllBytes(TestPaths.Esc50Clip("1-100032-A-0.wav")));
        var answer = engine.Analyze([clip], AnalysisOptions.PredictionsOnly).Single();
        Assert.Equal(3, answer.Predictions.Count);
        Assert.All(answer.Predictions, p => Assert.Contains(p.Label, metadata.Labels));
        Assert.Equal(metadata.Version, engine.Metadata.Version);
    }

    [Theory]
    [InlineData("esc50", "washing_machine")] // one source recording in the dev set: the grouped folds cannot test it
    [InlineData("esc10", null)]
    public void ShippedReport_AccountsForEveryTestClip_AndNamesWhatItCouldNotTest(string name, string? untested)
    {
        var json = File.ReadAllText(Path.Combine(ModelsDirectory, name, EvaluationFile.Name));
        var report = JsonSerializer.Deserialize<ModelEvaluation>(json, JsonSerializerOptions.Web)!;
        var tested = report.Folds.Sum(f => f.Clips);
        Assert.Equal(tested, report.Confusion.Sum(row => row.Sum()));
        Assert.Equal(tested, report.PerClass.Sum(c => c.Clips));
        Assert.Equal(untested is null ? null : [untested], report.Untested);
        // An untested class has no bar and no test clips; every other class has a bar.
        Assert.Equal(report.Labels.Count, report.PerClass.Count + (report.Untested?.Count ?? 0));
        Assert.All(report.Untested ?? [], u => Assert.Equal(0, report.Confusion[report.Labels.ToList().IndexOf(u)].Sum()));
        if (report.Groups is { } groups)
        {
            // ESC-10's classes and the others: their clips add up to the test clips, and each group's accuracy is its hits.
            Assert.Equal(tested, groups.Sum(g => g.Clips));
            var hits = report.PerClass.Sum(c => Math.Round(c.Accuracy * c.Clips));
            Assert.Equal(hits, groups.Sum(g => Math.Round(g.Accuracy * g.Clips!.Value)));
        }
    }
}
