using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Access;

/// <summary>Operator endpoints (all jobs, training runs, re-queue) against the fixture's API, whose operator key is
/// <see cref="PipelineFixture.OperatorKey"/>, and against an API with no key at all.</summary>
[Collection(PipelineCollection.Name)]
public sealed class OperatorAccessTests(PipelineFixture pipeline)
{
    public static TheoryData<string, string> OperatorRequests => new()
    {
        { "GET", "/api/jobs" },
        { "GET", "/api/training-runs" },
        { "POST", "/api/training-runs" },
        { "POST", "/api/operations/requeue-failed" },
    };

    [Theory]
    [MemberData(nameof(OperatorRequests))]
    public async Task OperatorEndpoint_WithoutKey_Is401ProblemSayingHowToSendOne(string method, string path)
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var response = await client.SendAsync(Request(method, path));

        await ApiClientExtensions.AssertProblemAsync(response, 401);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(OperatorRequests))]
    public async Task OperatorEndpoint_WrongKey_Is403Problem(string method, string path)
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var bearer = Request(method, path);
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineFixture.OperatorKey + "x");
        using var apiKey = Request(method, path);
        apiKey.Headers.Add("X-Api-Key", "not-the-key");

        await ApiClientExtensions.AssertProblemAsync(await client.SendAsync(bearer), 403);
        await ApiClientExtensions.AssertProblemAsync(await client.SendAsync(apiKey), 403);
    }

    [PipelineFact]
    public async Task ListAllJobs_WithKey_ListsJobsOfEveryClient()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var first = await UploadAsAsync(client, "client-token-aaaaaaaaaaaaaaaa");
        var second = await UploadAsAsync(client, "client-token-bbbbbbbbbbbbbbbb");

        using var bearer = Request("GET", "/api/jobs?limit=200");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineFixture.OperatorKey);
        using var byBearer = await client.SendAsync(bearer);
        using var apiKey = Request("GET", "/api/jobs?limit=200");
        apiKey.Headers.Add("X-Api-Key", PipelineFixture.OperatorKey);
        using var byApiKey = await client.SendAsync(apiKey);

        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byApiKey.StatusCode);
        var ids = (await byBearer.Content.ReadFromJsonAsync<List<JobResponse>>())!.Select(j => j.Id).ToList();
        Assert.Contains(first, ids);
        Assert.Contains(second, ids);
        Assert.Equal(ids, (await byApiKey.Content.ReadFromJsonAsync<List<JobResponse>>())!.Select(j => j.Id));
    }

    [PipelineFact]
    public async Task Requeue_WithKey_Answers200WithTheCount()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var request = Request("POST", "/api/operations/requeue-failed");
        request.Headers.Add("X-Api-Key", PipelineFixture.OperatorKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("requeued").GetInt32() >= 0);
    }

    [PipelineFact]
    public async Task OperatorEndpoint_ServerWithoutKey_RefusesEveryKey()
    {
        await using var api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string>());
        var client = api.CreateClient();
        using var none = Request("GET", "/api/jobs");
        using var some = Request("GET", "/api/jobs");
        some.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything-at-all");
        using var empty = Request("GET", "/api/jobs");
        empty.Headers.Add("X-Api-Key", "");

        await ApiClientExtensions.AssertProblemAsync(await client.SendAsync(none), 401);
        using var refused = await client.SendAsync(some);
        await ApiClientExtensions.AssertProblemAsync(refused, 403);
        Assert.Contains("no operator key configured", await refused.Content.ReadAsStringAsync());
        await ApiClientExtensions.AssertProblemAsync(await client.SendAsync(empty), 401);
        // User endpoints stay open.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? JsonContent.Create(new { dataDirectory = "/tmp", epochs = 1 }) : null,
    };

    private static async Task<Guid> UploadAsAsync(HttpClient client, string token)
    {
        using var response = await client.UploadJobAsAsync(TestWav.Noise(0.6, seed: token[^1]), token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobAccepted>())!.Id;
    }
}
