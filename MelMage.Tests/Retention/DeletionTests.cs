using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MelMage.Contracts.Api;
using MelMage.Contracts.Visualization;
using MelMage.Tests.Infrastructure;
using StackExchange.Redis;

namespace MelMage.Tests.Retention;

/// <summary>DELETE of a job or a batch removes, at once, its rows, its uploaded audio, its prediction and its cached
/// visualization (unless another job with the same audio still uses it); the ids are 404 afterwards. Through the real
/// pipeline: the worker classifies and caches first.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DeletionTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task DeleteJob_RemovesUploadPredictionAndCachedVisualization_Then404()
    {
        var client = await pipeline.ApiAsync();
        var clip = TestWav.Noise(0.7, seed: 4101);
        var id = (await client.UploadJobAcceptedAsync(clip)).Id;
        var job = await client.WaitForJobAsync(id);
        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        var key = VisualizationCacheKey.For(job.Result!.ModelVersion, Sha256(clip));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString);
        Assert.True(await redis.GetDatabase().KeyExistsAsync(key));
        Assert.Equal(1L, await CountAsync("job_uploads", id));
        Assert.Equal(1L, await CountAsync("predictions", id));

        using var deleted = await client.DeleteAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = $1", id));
        Assert.Equal(0L, await CountAsync("job_uploads", id));
        Assert.Equal(0L, await CountAsync("predictions", id));
        Assert.False(await redis.GetDatabase().KeyExistsAsync(key));
        await ApiClientExtensions.AssertProblemAsync(await client.GetAsync($"/api/jobs/{id}"), 404);
        await ApiClientExtensions.AssertProblemAsync(await client.GetAsync($"/api/jobs/{id}/visualization"), 404);
        await ApiClientExtensions.AssertProblemAsync(await client.DeleteAsync($"/api/jobs/{id}"), 404);
    }

    [PipelineFact]
    public async Task DeleteJob_SameAudioInAnotherJob_KeepsTheSharedVisualizationUntilTheLastGoes()
    {
        var client = await pipeline.ApiAsync();
        var clip = TestWav.Noise(0.7, seed: 4102);
        var first = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        var second = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        var key = VisualizationCacheKey.For(first.Result!.ModelVersion, Sha256(clip));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{first.Id}")).StatusCode);
        Assert.True(await redis.GetDatabase().KeyExistsAsync(key));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/jobs/{second.Id}/visualization")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{second.Id}")).StatusCode);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(key));
    }

    [PipelineFact]
    public async Task DeleteBatch_RemovesEveryJobWithItsDataAndTheBatch_Then404()
    {
        var client = await pipeline.ApiAsync();
        var clips = Enumerable.Range(0, 3).Select(i => ($"{i}.wav", TestWav.Noise(0.7, seed: 4200 + i))).ToList();
        using var response = await client.UploadBatchAsync(clips);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batchId = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!.Id;
        await client.WaitForBatchAsync(batchId, TimeSpan.FromMinutes(2));
        var items = (await client.GetFromJsonAsync<List<BatchResultItem>>($"/api/batches/{batchId}/results"))!;
        var jobIds = items.Select(i => i.JobId).ToArray();
        var model = (await client.WaitForJobAsync(jobIds[0])).Result!.ModelVersion;
        var keys = clips.Select(c => (RedisKey)VisualizationCacheKey.For(model, Sha256(c.Item2))).ToArray();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString);
        Assert.Equal(3L, await redis.GetDatabase().KeyExistsAsync(keys));

        using var deleted = await client.DeleteAsync($"/api/batches/{batchId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM batches WHERE id = $1", batchId));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = ANY($1)", jobIds));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM job_uploads WHERE job_id = ANY($1)", jobIds));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM predictions WHERE job_id = ANY($1)", jobIds));
        Assert.Equal(0L, await redis.GetDatabase().KeyExistsAsync(keys));
        await ApiClientExtensions.AssertProblemAsync(await client.GetAsync($"/api/batches/{batchId}"), 404);
        await ApiClientExtensions.AssertProblemAsync(await client.GetAsync($"/api/jobs/{jobIds[0]}"), 404);
        await ApiClientExtensions.AssertProblemAsync(await client.DeleteAsync($"/api/batches/{batchId}"), 404);
    }

    internal static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private Task<long> CountAsync(string table, Guid id) =>
        pipeline.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE job_id = $1", id);
}
