using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.Limits;

/// <summary>The backlog is bounded by Api:MaxQueuedClips: past it, uploads are 503 + Retry-After and nothing is
/// stored; a batch is taken whole or refused whole; deleting queued clips makes room again. The API of its own has no
/// outbox and no worker, so accepted clips stay queued.</summary>
[Collection(PipelineCollection.Name)]
public sealed class BacklogTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    [PipelineFact]
    public async Task Uploads_PastMaxQueuedClips_Are503WithRetryAfter_AndABatchIsAllOrNothing()
    {
        await using var api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string>
        {
            ["Api:MaxQueuedClips"] = "3",
            ["Api:BacklogRetryAfterSeconds"] = "17",
        });
        var client = api.CreateClient();

        using var one = await client.UploadJobAsync(TestWav.Noise(0.6, seed: 1));
        using var two = await client.UploadJobAsync(TestWav.Noise(0.6, seed: 2));
        // Two more would make four: the batch is refused whole.
        using var batch = await client.UploadBatchAsync([("a.wav", TestWav.Noise(0.6, seed: 3)), ("b.wav", TestWav.Noise(0.6, seed: 4))]);
        var afterBatch = await api.ScalarAsync("SELECT count(*) FROM jobs");
        var batches = await api.ScalarAsync("SELECT count(*) FROM batches");
        using var three = await client.UploadJobAsync(TestWav.Noise(0.6, seed: 5));
        using var four = await client.UploadJobAsync(TestWav.Noise(0.6, seed: 6));

        Assert.Equal(HttpStatusCode.Accepted, one.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, two.StatusCode);
        await ApiClientExtensions.AssertProblemAsync(batch, 503);
        Assert.Equal(TimeSpan.FromSeconds(17), batch.Headers.RetryAfter?.Delta);
        Assert.Contains("BacklogFull", await batch.Content.ReadAsStringAsync());
        Assert.Equal(2L, afterBatch);
        Assert.Equal(0L, batches);
        Assert.Equal(HttpStatusCode.Accepted, three.StatusCode);
        await ApiClientExtensions.AssertProblemAsync(four, 503);
        Assert.Equal(TimeSpan.FromSeconds(17), four.Headers.RetryAfter?.Delta);
        Assert.Equal(3L, await api.ScalarAsync("SELECT count(*) FROM jobs"));
        output.WriteLine($"limit 3: uploads 1–2 202, batch of 2 → 503 (nothing stored), upload 3 202, upload 4 → 503 Retry-After 17; {await four.Content.ReadAsStringAsync()}");

        // Deleting a queued clip makes room for one.
        var first = (await one.Content.ReadFromJsonAsync<JobAccepted>())!.Id;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{first}")).StatusCode);
        using var five = await client.UploadJobAsync(TestWav.Noise(0.6, seed: 7));
        Assert.Equal(HttpStatusCode.Accepted, five.StatusCode);
    }

    [PipelineFact]
    public async Task Batch_ThatFits_IsAcceptedWhole()
    {
        await using var api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string> { ["Api:MaxQueuedClips"] = "3" });
        var client = api.CreateClient();

        using var batch = await client.UploadBatchAsync(Enumerable.Range(1, 3).Select(i => ($"{i}.wav", TestWav.Noise(0.6, seed: i))));
        using var more = await client.UploadJobAsync(TestWav.Noise(0.6, seed: 9));

        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        Assert.Equal(3L, await api.ScalarAsync("SELECT count(*) FROM jobs WHERE status = 'queued'"));
        await ApiClientExtensions.AssertProblemAsync(more, 503);
    }
}
