using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Access;

/// <summary>A browser's history is its own: jobs carry the hash of the client token they were sent with, and
/// <c>GET /api/jobs/mine</c> lists only those.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ClientHistoryTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task MyJobs_ListsOnlyTheJobsSentWithTheSameToken()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var alice = "alice-" + Guid.NewGuid().ToString("N");
        var bob = "bob-" + Guid.NewGuid().ToString("N");
        var aliceJobs = new[] { await UploadAsync(client, alice, 1), await UploadAsync(client, alice, 2) };
        var bobJob = await UploadAsync(client, bob, 3);
        await UploadAsync(client, null, 4);

        var mine = await MineAsync(client, alice);
        var theirs = await MineAsync(client, bob);
        var nobodys = await MineAsync(client, null);

        Assert.Equal(aliceJobs.Reverse(), mine.Select(j => j.Id)); // newest first
        Assert.Equal([bobJob], theirs.Select(j => j.Id));
        Assert.Empty(nobodys);
        // The token is never stored, only its SHA-256.
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE client_token_hash = $1", alice));
        Assert.Equal(2L, await pipeline.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE client_token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", alice));
    }

    [PipelineFact]
    public async Task InvalidToken_Is400Problem()
    {
        var client = await pipeline.ApiAsync(withWorker: false);

        using var upload = await client.UploadJobAsAsync(TestWav.Noise(0.6, seed: 5), "short");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs/mine");
        request.Headers.Add("X-Client-Token", new string('x', 200));
        using var list = await client.SendAsync(request);

        await ApiClientExtensions.AssertProblemAsync(upload, 400);
        await ApiClientExtensions.AssertProblemAsync(list, 400);
    }

    [PipelineFact]
    public async Task JobIds_AreVersion7WithRandomBits_NotGuessableFromEachOther()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var token = "ids-" + Guid.NewGuid().ToString("N");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await UploadAsync(client, token, 10 + i));

        Assert.All(ids, id => Assert.Equal(7, id.Version));
        // Bytes 8–15 (after the variant bits) are random in every id: no two ids share them, nor count up.
        var tails = ids.Select(id => Convert.ToHexString(id.ToByteArray(bigEndian: true)[9..])).ToList();
        Assert.Equal(tails.Count, tails.Distinct().Count());
    }

    private static async Task<Guid> UploadAsync(HttpClient client, string? token, int seed)
    {
        using var response = await client.UploadJobAsAsync(TestWav.Noise(0.6, seed), token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobAccepted>())!.Id;
    }

    private static async Task<List<JobResponse>> MineAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs/mine?limit=200");
        if (token is not null) request.Headers.Add("X-Client-Token", token);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<JobResponse>>())!;
    }
}
