using System.Text.Json.Nodes;
using MelMage.Tests.Infrastructure;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Options;

namespace MelMage.Tests.Pipeline;

/// <summary>Which models a worker serves (folders of its models directory) and which evaluation reports it accepts;
/// no servers and no weights needed.</summary>
public sealed class ModelCatalogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("melmage-catalog-").FullName;

    [Fact]
    public void Catalog_FoldersWithModelJson_DefaultFirstThenByName_OthersIgnored()
    {
        Model("esc50");
        Model("esc10");
        Model("birds");
        Directory.CreateDirectory(Path.Combine(_root, "notes")); // no model.json: not a model

        var catalog = new ModelCatalog(Options.Create(new WorkerOptions { ModelsDirectory = _root }));

        Assert.Equal(["esc50", "birds", "esc10"], catalog.Models.Select(m => m.Name));
        Assert.True(catalog.Default.IsDefault);
        Assert.Equal(Path.Combine(_root, "esc50"), catalog.Default.Directory);
        Assert.Equal("esc10", catalog.Find("esc10")?.Name);
        Assert.Same(catalog.Default, catalog.Find(null));
        Assert.Null(catalog.Find("notes"));
    }

    [Fact]
    public void Catalog_DefaultModelSetting_PicksAnotherFolder_AndUntrainedHasNoFolder()
    {
        Model("esc50");
        Model("esc10");

        var esc10 = new ModelCatalog(Options.Create(new WorkerOptions { ModelsDirectory = _root, DefaultModel = "esc10" }));
        var untrained = new ModelCatalog(Options.Create(new WorkerOptions { ModelsDirectory = _root, Untrained = true }));

        Assert.Equal(["esc10", "esc50"], esc10.Models.Select(m => m.Name));
        Assert.Equal(Path.Combine(_root, "esc10"), esc10.Default.Directory);
        Assert.Equal("esc50", untrained.Default.Name);
        Assert.Null(untrained.Default.Directory); // the untrained network stands in for the default
        Assert.Equal(Path.Combine(_root, "esc10"), untrained.Find("esc10")!.Directory);
    }

    [Fact]
    public void EvaluationFile_TheFixtureReport_IsAccepted()
    {
        var dir = Model("esc10");
        File.Copy(TestPaths.Fixture("models", "esc10-evaluation.json"), Path.Combine(dir, EvaluationFile.Name));

        var (json, problem) = EvaluationFile.Read(dir, TestModels.Esc10Labels);

        Assert.Null(problem);
        Assert.Contains("ESC-10: 5-fold", json);
        Assert.Equal((null, null), EvaluationFile.Read(Model("bare"), TestModels.Esc10Labels));
    }

    [Theory]
    [InlineData("labels", "labels are not the model's")]
    [InlineData("confusion", "not 10 × 10")]
    [InlineData("protocol", "required")]
    [InlineData("json", "")]
    public void EvaluationFile_BrokenReport_IsRefusedWithTheReason(string broken, string reason)
    {
        var dir = Model("esc10");
        var report = JsonNode.Parse(File.ReadAllText(TestPaths.Fixture("models", "esc10-evaluation.json")))!.AsObject();
        switch (broken)
        {
            case "labels": report["labels"]!.AsArray()[0] = "cat"; break;
            case "confusion": report["confusion"]!.AsArray().RemoveAt(9); break;
            case "protocol": report.Remove("protocol"); break;
        }
        File.WriteAllText(Path.Combine(dir, EvaluationFile.Name), broken == "json" ? "{ not json" : report.ToJsonString());

        var (json, problem) = EvaluationFile.Read(dir, TestModels.Esc10Labels);

        Assert.Null(json);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
    }

    private string Model(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "model.json"), "{}");
        return dir;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
