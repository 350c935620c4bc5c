using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Data;
using MelMage.Model.Training;
using MelMage.Tests.Infrastructure;
using MelMage.Worker.Gpu.Training;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Tests.Training;

[Collection(PipelineCollection.Name)]
public sealed class TrainingRunsApiTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task QueueRun_WorkerTrainsIt_ProgressAndResultAreReadable()
    {
        using var subset = new Esc50Subset(classes: 4);
        var client = await pipeline.ApiAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", PipelineFixture.OperatorKey);

        var response = await client.PostAsJsonAsync("/api/training-runs", new TrainingRunRequest(subset.Root, Fold: 5, Epochs: 2, BatchSize: 8, Seed: 3));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<TrainingRunAccepted>())!;
        Assert.Equal($"/api/training-runs/{accepted.Id}", response.Headers.Location!.OriginalString);

        TrainingRunResponse run;
        var deadline = DateTime.UtcNow.AddMinutes(4);
        do
        {
            await Task.Delay(1000);
            run = (await client.GetFromJsonAsync<TrainingRunResponse>($"/api/training-runs/{accepted.Id}"))!;
        } while (run.Status is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal("succeeded", run.Status);
        Assert.Equal("api", run.Source);
        Assert.Equal([1, 2], run.Epochs.Select(e => e.Epoch));
        Assert.All(run.Epochs, e => Assert.NotNull(e.TestAccuracy));
        Assert.Equal(run.Epochs[^1].TestAccuracy, run.FinalAccuracy);
        Assert.Equal(64, run.WeightsSha256!.Length);
        Assert.False(string.IsNullOrEmpty(run.Host));
        Assert.NotNull(run.DurationSeconds);
        Assert.Equal(5, run.Config.GetProperty("fold").GetInt32());

        var all = (await client.GetFromJsonAsync<List<TrainingRunResponse>>("/api/training-runs"))!;
        Assert.Contains(all, r => r.Id == accepted.Id);
    }

    [PipelineFact]
    public async Task QueueRun_NotAnEsc50Folder_Is400WithTheReason()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", PipelineFixture.OperatorKey);
        var response = await client.PostAsJsonAsync("/api/training-runs", new TrainingRunRequest(Path.Combine(TestPaths.Esc50Dev, "audio"), Epochs: 0));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("not an ESC-50 folder", body);
        Assert.Contains("epochs must be between 1 and 1000", body);
        Assert.Equal(404, (int)(await client.GetAsync($"/api/training-runs/{Guid.NewGuid()}")).StatusCode);
    }

    [PipelineFact]
    public async Task CommandLineRecorder_WritesConfigEpochsAndOutcome()
    {
        using var subset = new Esc50Subset(classes: 3);
        var output = Directory.CreateTempSubdirectory("melmage-cli-run-").FullName;
        try
        {
            var options = new TrainingOptions { DataDirectory = subset.Root, OutputDirectory = output, Epochs = 1, BatchSize = 8, Version = "cli-test" };
            Func<MelMageDbContext> contexts = () => MelMageDatabase.CreateContext(pipeline.PostgresConnectionString);
            var recorder = await TrainingRunRecorder.StartAsync(contexts, options);
            var result = new Trainer(TextWriter.Null) { EpochCompleted = m => recorder.Epoch(m) }.Run(options);
            await recorder.SucceededAsync(result);

            await using var db = contexts();
            var row = await db.TrainingRuns.SingleAsync(r => r.Id == recorder.RunId);
            Assert.Equal(("succeeded", "cli", 1, 1), (row.Status, row.Source, row.EpochsPlanned, row.EpochsDone));
            Assert.Equal(result.FinalAccuracy, row.FinalAccuracy);
            Assert.Equal(result.ModelSha256, row.WeightsSha256);
            Assert.Equal("cli-test", row.ModelVersion);
            Assert.Contains("\"epochs\": 1", row.ConfigJson.Replace("\"epochs\":1", "\"epochs\": 1"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
