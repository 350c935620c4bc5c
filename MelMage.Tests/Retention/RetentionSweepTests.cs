extern alias api;

using System.Net;
using System.Net.Http.Json;
using api::MelMage.Api.Retention;
using MelMage.Contracts.Api;
using MelMage.Contracts.Visualization;
using MelMage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MelMage.Tests.Retention;

/// <summary>The retention sweep deletes jobs and batches older than Api:Retention:Period (30 days by default) with
/// their audio, predictions and cached visualizations, and leaves younger ones alone.</summary>
[Collection(PipelineCollection.Name)]
public sealed class RetentionSweepTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task Sweep_DeletesWhatIsOlderThanThePeriod_KeepsTheRest()
    {
        var client = await pipeline.ApiAsync();
        var oldClip = TestWav.Noise(0.7, seed: 4301);
        var old = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(oldClip)).Id);
        var recent = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(TestWav.Noise(0.7, seed: 4302))).Id);
        using var batchResponse = await client.UploadBatchAsync([("a.wav", TestWav.Noise(0.7, seed: 4303))]);
        var batchId = (await batchResponse.Content.ReadFromJsonAsync<BatchAccepted>())!.Id;
        await client.WaitForBatchAsync(batchId, TimeSpan.FromMinutes(2));
        var key = VisualizationCacheKey.For(old.Result!.ModelVersion, DeletionTests.Sha256(oldClip));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString);
        Assert.True(await redis.GetDatabase().KeyExistsAsync(key));
        // Forty days pass for the old job and the batch.
        await pipeline.ScalarAsync<int>("UPDATE jobs SET created_at = created_at - interval '40 days' WHERE id = $1 OR batch_id = $2 RETURNING 1",
            old.Id, batchId);
        await pipeline.ScalarAsync<int>("UPDATE batches SET created_at = created_at - interval '40 days' WHERE id = $1 RETURNING 1", batchId);

        var deleted = await pipeline.ApiServices.GetRequiredService<RetentionService>().SweepOnceAsync(CancellationToken.None);

        Assert.True(deleted >= 2, $"{deleted} jobs deleted");
        await ApiClientExtensions.AssertProblemAsync(await client.GetAsync($"/api/jobs/{old.Id}"), 404);
        await ApiClientExtensions.AssertProblemAsync(await client.GetAsync($"/api/batches/{batchId}"), 404);
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM job_uploads WHERE job_id = $1", old.Id));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM predictions WHERE job_id = $1", old.Id));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE batch_id = $1", batchId));
        Assert.False(await redis.GetDatabase().KeyExistsAsync(key));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/jobs/{recent.Id}")).StatusCode);
        Assert.Equal(1L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM job_uploads WHERE job_id = $1", recent.Id));
    }
}
