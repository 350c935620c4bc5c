using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Contracts.Visualization;
using MelMage.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class VisualizationTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    [PipelineFact]
    public async Task GetVisualization_RealClip_IsAtMostATenthOfTheSeedsJson()
    {
        var client = await pipeline.ApiAsync();
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-102844-C-49.wav"));
        var job = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        using var seed = await client.PostAsJsonAsync("/api/inference", new { audio_data = Convert.ToBase64String(clip) });
        var seedBytes = (await seed.Content.ReadAsByteArrayAsync()).Length;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{job.Id}/visualization");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var gzip = await client.SendAsync(request);
        var gzipBytes = (await gzip.Content.ReadAsByteArrayAsync()).Length;
        using var plain = await client.GetAsync($"/api/jobs/{job.Id}/visualization");
        var plainBytes = (await plain.Content.ReadAsByteArrayAsync()).Length;

        output.WriteLine($"seed JSON {seedBytes:N0} B; compact {plainBytes:N0} B, gzip {gzipBytes:N0} B ({100.0 * gzipBytes / seedBytes:0.0} %)");
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        Assert.True(gzipBytes <= seedBytes / 10, $"{gzipBytes} B is more than a tenth of the seed's {seedBytes} B");
    }

    [PipelineFact]
    public async Task GetVisualization_SucceededJob_CompactDocumentRecomputedAfterEviction()
    {
        var client = await pipeline.ApiAsync();
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-102844-B-49.wav"));
        var job = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(clip)).Id);
        Assert.Equal(JobStatusNames.Succeeded, job.Status);

        var document = await GetDocumentAsync(client, job.Id);
        Assert.Equal(VisualizationDocument.CurrentFormat, document.Format);
        Assert.Equal([128, 431], document.Spectrogram.Shape);
        Assert.Equal(37, document.FeatureMaps.Count);
        Assert.Equal(job.Result!.Top.Select(t => t.Label), document.Heatmaps.Select(h => h.Label));
        Assert.Equal(128 * 431, document.Spectrogram.Decode().Length);

        // Evict everything: the API asks a worker to recompute it.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(pipeline.Servers.Redis.ConnectionString + ",allowAdmin=true"))
        {
            await redis.GetServers()[0].FlushAllDatabasesAsync();
        }
        var recomputed = await GetDocumentAsync(client, job.Id);
        Assert.Equal(document.Spectrogram.Shape, recomputed.Spectrogram.Shape);
        Assert.Equal(document.Heatmaps.Select(h => h.Label), recomputed.Heatmaps.Select(h => h.Label));
    }

    [Fact]
    public async Task GetVisualization_UnknownJob_Returns404Problem()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var response = await client.GetAsync($"/api/jobs/{Guid.NewGuid()}/visualization");
        await ApiClientExtensions.AssertProblemAsync(response, 404);
    }

    private static async Task<VisualizationDocument> GetDocumentAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/jobs/{id}/visualization");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<VisualizationDocument>(VisualizationCodec.JsonOptions))!;
    }
}
