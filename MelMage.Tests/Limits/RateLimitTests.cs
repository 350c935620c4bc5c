using System.Net;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.Limits;

/// <summary>Per-client limits on an API of its own with tiny budgets and an hour-long window (so no window can turn
/// over during a test): the request past the budget is a 429 problem with Retry-After, other clients are not
/// affected, health probes are never limited.</summary>
[Collection(PipelineCollection.Name)]
public sealed class RateLimitTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    [Fact]
    public async Task Requests_PastTheBudget_Are429WithRetryAfter_ForThatClientOnly()
    {
        await using var api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string>
        {
            ["Api:RateLimits:Requests"] = "3",
            ["Api:RateLimits:WindowSeconds"] = "3600",
        });
        var client = api.CreateClient();

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((int)(await SendAsync(client, "/api/models", "203.0.113.7")).StatusCode);
        using var refused = await SendAsync(client, "/api/models", "203.0.113.7");
        using var other = await SendAsync(client, "/api/models", "203.0.113.8");
        using var probe = await SendAsync(client, "/alive", "203.0.113.7");

        Assert.Equal([200, 200, 200, 429], statuses);
        await ApiClientExtensions.AssertProblemAsync(refused, 429);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 3600);
        Assert.Contains("RequestRateLimited", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        output.WriteLine($"4th request: 429, Retry-After {retryAfter.Value.TotalSeconds} s; {await refused.Content.ReadAsStringAsync()}");
    }

    [PipelineFact]
    public async Task UploadBytes_PastTheBudget_Are429WithRetryAfter_WhileSmallRequestsPass()
    {
        await using var api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string>
        {
            ["Api:RateLimits:UploadKilobytes"] = "150",
            ["Api:RateLimits:WindowSeconds"] = "3600",
        });
        var client = api.CreateClient();
        var clip = TestWav.Noise(1.0, seed: 7); // 88 KB of 16-bit mono at 44.1 kHz

        using var first = await client.UploadJobAsAsync(clip, null, "198.51.100.1");
        using var second = await client.UploadJobAsAsync(clip, null, "198.51.100.1");
        using var read = await SendAsync(client, "/api/models", "198.51.100.1");
        using var otherClient = await client.UploadJobAsAsync(clip, null, "198.51.100.2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await ApiClientExtensions.AssertProblemAsync(second, 429);
        Assert.NotNull(second.Headers.RetryAfter?.Delta);
        Assert.Contains("UploadRateLimited", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, otherClient.StatusCode);
        Assert.Equal(2L, await api.ScalarAsync("SELECT count(*) FROM jobs"));
        output.WriteLine($"second 88 KB upload against 150 KiB: 429, Retry-After {second.Headers.RetryAfter!.Delta!.Value.TotalSeconds} s");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
