using System.Net;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Access;

/// <summary>The API answers CORS only for the web's origin (Api:AllowedOrigins), and refuses state-changing requests a
/// browser sends from any other origin.</summary>
[Collection(PipelineCollection.Name)]
public sealed class CorsTests(PipelineFixture pipeline) : IAsyncLifetime
{
    private const string WebOrigin = "http://127.0.0.1:5123";
    private const string OtherOrigin = "http://evil.example";
    private AccessTestApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string> { ["Api:AllowedOrigins:0"] = WebOrigin });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Preflight_FromTheWebOrigin_IsAllowed()
    {
        using var response = await PreflightAsync(WebOrigin);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(WebOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("x-client-token", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant());
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_GetsNoCorsHeaders()
    {
        using var response = await PreflightAsync(OtherOrigin);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Get_FromAnotherOrigin_IsNotReadableCrossOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        request.Headers.Add("Origin", OtherOrigin);
        using var response = await _api.CreateClient().SendAsync(request);
        using var own = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        own.Headers.Add("Origin", WebOrigin);
        using var ownResponse = await _api.CreateClient().SendAsync(own);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(WebOrigin, Assert.Single(ownResponse.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [PipelineFact]
    public async Task Upload_FromAnotherOrigin_Is403AndNothingIsStored_FromTheWebOrigin_Accepted()
    {
        var client = _api.CreateClient();
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = ApiClientExtensions.WavForm(TestWav.Noise(0.6, seed: 1)) };
        foreign.Headers.Add("Origin", OtherOrigin);
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = ApiClientExtensions.WavForm(TestWav.Noise(0.6, seed: 2)) };
        own.Headers.Add("Origin", WebOrigin);

        using var refused = await client.SendAsync(foreign);
        var stored = await _api.ScalarAsync("SELECT count(*) FROM jobs");
        using var accepted = await client.SendAsync(own);

        await ApiClientExtensions.AssertProblemAsync(refused, 403);
        Assert.Equal(0L, stored);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-client-token");
        return _api.CreateClient().SendAsync(request);
    }
}
