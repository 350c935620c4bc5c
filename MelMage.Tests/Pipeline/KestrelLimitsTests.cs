using System.Net.Http.Headers;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

/// <summary>The API as a real Kestrel process (the in-process test server has no body limits of its own).</summary>
[Collection(PipelineCollection.Name)]
public sealed class KestrelLimitsTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task PostJob_BodyOverDefault50MB_Returns413ProblemNotReset()
    {
        var port = ChildProcess.FreePort();
        var dll = TestPaths.BuiltDll("MelMage.Api", "MelMage.Api.dll");
        var environment = pipeline.ConnectionStrings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var api = ChildProcess.Start("dotnet", [dll], environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await api.WaitUntilAsync("api", async ct => (await http.GetAsync("/alive", ct)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), CancellationToken.None);

        foreach (var chunked in new[] { false, true })
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(new byte[51 * 1024 * 1024]);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "file", "huge.wav");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = form };
            request.Headers.TransferEncodingChunked = chunked;

            using var response = await http.SendAsync(request);

            await ApiClientExtensions.AssertProblemAsync(response, 413);
        }
        await api.StopAsync(TimeSpan.FromSeconds(10));
    }
}
