using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class ModelsApiTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task GetModels_WorkerStarted_ListsItsModelWithFiftyLabels()
    {
        var client = await pipeline.ApiAsync();
        var models = (await client.GetFromJsonAsync<List<ModelResponse>>("/api/models"))!;
        var model = Assert.Single(models, m => m.Version == pipeline.Worker!.Analyzer.Model.Version);
        Assert.Equal(50, model.Labels.Count);
    }
}
