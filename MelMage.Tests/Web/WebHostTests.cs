using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace MelMage.Tests.Web;

/// <summary>MelMage.Web as a host: it serves the built page, answers deep links with it, and proxies /api to the API
/// found in <c>services__api__http__0</c>.</summary>
[Collection(WebPageCollection.Name)]
public sealed class WebHostTests(WebPageFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Web.Address };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Root_ServesTheBuiltPage()
    {
        using var response = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"root\">", html);
        Assert.Matches("src=\"/app/assets/index-[^\"]+\\.js\"", html);
    }

    [Theory]
    [InlineData("/batches")]
    [InlineData("/history")]
    [InlineData("/jobs/0193c2a4-0000-7000-8000-000000000000")]
    public async Task DeepLink_IsAnsweredWithThePage(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task HashedAsset_IsServedWithALongCacheLifetime()
    {
        var html = await _http.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/app/assets/[^\"]+)\"").Groups[1].Value;
        using var response = await _http.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Script_IsSentCompressedToBrowsersThatAcceptIt()
    {
        var html = await _http.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/app/assets/[^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await _http.SendAsync(request);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var plain = await _http.GetByteArrayAsync(script);
        Assert.True(compressed.Length < plain.Length / 2, $"{compressed.Length} compressed bytes of {plain.Length}");
    }

    [Fact]
    public async Task ApiRequest_IsProxiedToTheApi()
    {
        using var response = await _http.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(StandInApi.ModelVersion, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiProblem_ReachesTheBrowserUnchanged()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("RIFF\0\0\0\0WAVE but not audio"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "notes.wav");
        using var response = await _http.PostAsync("/api/jobs", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Malformed WAV file", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_WithoutApiAddress_FailsWithInstructions()
    {
        using var process = Process.Start(WebHostProcess.StartInfo(apiAddress: null, WebTestPaths.FreePort()))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, process.ExitCode);
        var output = await stdout + await stderr;
        Assert.Contains("services__api__http__0", output);
        Assert.Contains("MelMage.AppHost", output);
    }
}
