using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Contracts.Visualization;
using MelMage.Model;
using MelMage.Tests.Infrastructure;
using MelMage.Tests.Retention;
using StackExchange.Redis;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class JobsPipelineTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task PostJob_RealEsc50Clip_SucceedsWithTop3Esc50LabelsStoredOnce()
    {
        var client = await pipeline.ApiAsync();
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-102844-A-49.wav"));

        using var response = await client.UploadJobAsync(clip, "4-102844-A-49.wav");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JobAccepted>())!;
        Assert.Equal(JobStatusNames.Queued, accepted.Status);
        Assert.Equal($"/api/jobs/{accepted.Id}", response.Headers.Location?.OriginalString);

        var job = await client.WaitForJobAsync(accepted.Id);
        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        var result = Assert.IsType<JobResult>(job.Result);
        Assert.Equal(3, result.Top.Count);
        Assert.All(result.Top, p => Assert.Contains(p.Label, Esc50Labels.All));
        Assert.Equal(3, result.Top.Select(p => p.Label).Distinct().Count());
        Assert.True(result.Top.Sum(p => p.Confidence) <= 1.0001f);
        Assert.True(result.Top[0].Confidence >= result.Top[1].Confidence);
        Assert.Equal(5.0, result.DurationSeconds, 2);
        Assert.False(result.FromCache);
        Assert.Equal(1L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM predictions WHERE job_id = $1", accepted.Id));
    }

    [PipelineFact]
    public async Task PostJob_SameAudioTwice_SecondAnsweredFromCacheWithoutInference()
    {
        var client = await pipeline.ApiAsync();
        var clip = TestWav.Noise(1.0, seed: Random.Shared.Next());
        var first = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        var analyzedBefore = pipeline.Worker!.Analyzer.ClipsAnalyzed;

        var second = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip, "again.wav")).Id);

        Assert.Equal(JobStatusNames.Succeeded, second.Status);
        Assert.Equal(analyzedBefore, pipeline.Worker!.Analyzer.ClipsAnalyzed);
        Assert.True(second.Result!.FromCache);
        Assert.Equal(first.Result!.Top, second.Result.Top);
        Assert.Equal(1L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM predictions WHERE job_id = $1", second.Id));
    }

    [PipelineFact]
    public async Task PostJob_SameAudioUnderAnotherShiftCount_AnalysedAgainAndKeptUnderItsOwnVersion()
    {
        // Worker:Shifts changes what a model answers, so an answer made under one count is never copied under another.
        var client = await pipeline.ApiAsync();
        await pipeline.DrainAsync();
        var clip = TestWav.Noise(1.0, seed: Random.Shared.Next());
        var plain = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        var worker = await pipeline.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Worker:Shifts"] = "2" });
        try
        {
            var shifted = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip, "shifted.wav")).Id);
            var again = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip, "again.wav")).Id);

            Assert.Equal(JobStatusNames.Succeeded, shifted.Status);
            Assert.False(shifted.Result!.FromCache);
            Assert.Equal($"{plain.Result!.ModelVersion}+shifts2", shifted.Result.ModelVersion);
            Assert.True(again.Result!.FromCache); // the same setting still answers from its own stored result
            Assert.Equal(shifted.Result.ModelVersion, again.Result.ModelVersion);
            Assert.Equal(1, worker.Analyzer.ClipsAnalyzed);
            Assert.Equal(2L, await pipeline.ScalarAsync<long>(
                "SELECT count(DISTINCT model_version) FROM predictions WHERE job_id = ANY($1)", new[] { plain.Id, shifted.Id }));

            // Each job's visualization is the one made under its own version.
            foreach (var (job, version) in new[] { (plain, plain.Result!.ModelVersion), (shifted, shifted.Result!.ModelVersion) })
            {
                using var response = await client.GetAsync($"/api/jobs/{job.Id}/visualization");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var document = (await response.Content.ReadFromJsonAsync<VisualizationDocument>(
                    VisualizationCodec.JsonOptions))!;
                Assert.Equal(version, document.ModelVersion);
            }

            // Evicted, the first job's visualization is recomputed by the worker running now (Shifts=2) under the
            // first job's own version and cached where the API looks it up.
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString + ",allowAdmin=true"))
            {
                await redis.GetServers()[0].FlushAllDatabasesAsync();
                using var response = await client.GetAsync($"/api/jobs/{plain.Id}/visualization");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var document = (await response.Content.ReadFromJsonAsync<VisualizationDocument>(
                    VisualizationCodec.JsonOptions))!;
                Assert.Equal(plain.Result!.ModelVersion, document.ModelVersion);
                Assert.True(await redis.GetDatabase().KeyExistsAsync(
                    VisualizationCacheKey.For(plain.Result.ModelVersion, DeletionTests.Sha256(clip))));
            }
        }
        finally
        {
            await pipeline.StartWorkerAsync();
        }
    }

    [PipelineFact]
    public async Task GetVisualization_JobAnsweredByAVersionNoLongerServed_DrawnByTodaysOnceAndCachedUnderTheJobsKey()
    {
        // A model swap leaves jobs answered by a version no worker serves: an evicted visualization of one is drawn by
        // the model served now, once, and then found in the cache like any other.
        var client = await pipeline.ApiAsync();
        await pipeline.DrainAsync();
        var clip = TestWav.Noise(1.0, seed: Random.Shared.Next());
        var job = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        var current = job.Result!.ModelVersion;
        const string retired = "esc50-retired-for-this-test";
        await pipeline.ScalarAsync<int>("UPDATE predictions SET model_version = $1 WHERE job_id = $2 RETURNING 1", retired, job.Id);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString + ",allowAdmin=true");
        await redis.GetServers()[0].FlushAllDatabasesAsync();
        var analyzedBefore = pipeline.Worker!.Analyzer.ClipsAnalyzed;
        for (var request = 0; request < 2; request++)
        {
            using var response = await client.GetAsync($"/api/jobs/{job.Id}/visualization");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = (await response.Content.ReadFromJsonAsync<VisualizationDocument>(VisualizationCodec.JsonOptions))!;
            Assert.Equal(current, document.ModelVersion); // says which model drew it
        }

        Assert.Equal(analyzedBefore + 1, pipeline.Worker!.Analyzer.ClipsAnalyzed);
        Assert.True(await redis.GetDatabase().KeyExistsAsync(VisualizationCacheKey.For(retired, DeletionTests.Sha256(clip))));
    }

    [Fact]
    public async Task GetJob_UnknownId_Returns404Problem()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var response = await client.GetAsync($"/api/jobs/{Guid.NewGuid()}");
        await ApiClientExtensions.AssertProblemAsync(response, 404);
        using var batch = await client.GetAsync($"/api/batches/{Guid.NewGuid()}");
        await ApiClientExtensions.AssertProblemAsync(batch, 404);
    }

    [Fact]
    public async Task GetOpenApi_DocumentsTheJobsAndBatchesApi()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var document = await client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/visualization", "/api/inference",
                     "/api/batches", "/api/batches/{id}", "/api/batches/{id}/results", "/api/models" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
