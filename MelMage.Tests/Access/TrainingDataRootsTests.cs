using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Access;

/// <summary>A training run reads only folders inside the configured data roots; anything else (outside, a <c>..</c>
/// escape, a symbolic link leading out, a missing folder) is one 400 that does not echo the path. Runs on an API with a
/// database of its own, so no worker trains what is queued.</summary>
[Collection(PipelineCollection.Name)]
public sealed class TrainingDataRootsTests(PipelineFixture pipeline) : IAsyncLifetime
{
    private const string Key = "roots-operator-key-0123456789";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("melmage-roots-");
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("melmage-outside-");
    private AccessTestApi _api = null!;

    public async Task InitializeAsync()
    {
        MakeEsc50(Path.Combine(_root.FullName, "esc50"));
        MakeEsc50(Path.Combine(_outside.FullName, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "escape"), Path.Combine(_outside.FullName, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "inside-link"), Path.Combine(_root.FullName, "esc50"));
        _api = await AccessTestApi.StartAsync(pipeline, new Dictionary<string, string>
        {
            ["Api:OperatorKey"] = Key,
            ["Training:DataRoots:0"] = _root.FullName,
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _root.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    public static TheoryData<string> Refused => new()
    {
        "{outside}/secret",
        "{root}/../{outsideName}/secret",
        "{root}/escape",
        "{root}/nothing-here",
        "/etc",
        "relative/esc50",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task QueueRun_OutsideTheDataRoots_Is400ThatDoesNotEchoThePath(string template)
    {
        var path = Expand(template);
        using var response = await QueueAsync(path);

        await ApiClientExtensions.AssertProblemAsync(response, 400);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("inside one of the server's data roots", body);
        Assert.DoesNotContain(_outside.Name, body);
        Assert.DoesNotContain("secret", body);
        Assert.Equal(0L, await _api.ScalarAsync("SELECT count(*) FROM training_runs"));
    }

    [Fact]
    public async Task QueueRun_InsideADataRoot_IsAcceptedWithTheCanonicalPath()
    {
        using var direct = await QueueAsync(Path.Combine(_root.FullName, "esc50"));
        using var viaLink = await QueueAsync(Path.Combine(_root.FullName, "inside-link"));

        Assert.Equal(HttpStatusCode.Accepted, direct.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, viaLink.StatusCode);
        var id = (await viaLink.Content.ReadFromJsonAsync<TrainingRunAccepted>())!.Id;
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var run = (await client.GetFromJsonAsync<TrainingRunResponse>($"/api/training-runs/{id}"))!;
        // The worker reads the folder the link led to, which is the one that was checked.
        Assert.Equal(Path.Combine(_root.FullName, "esc50"), run.Config.GetProperty("dataDirectory").GetString());
    }

    private async Task<HttpResponseMessage> QueueAsync(string path)
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return await client.PostAsJsonAsync("/api/training-runs", new TrainingRunRequest(path, Fold: 5, Epochs: 1, BatchSize: 8, Seed: 1),
            JsonSerializerOptions.Web);
    }

    private string Expand(string template) => template
        .Replace("{outsideName}", _outside.Name, StringComparison.Ordinal)
        .Replace("{outside}", _outside.FullName, StringComparison.Ordinal)
        .Replace("{root}", _root.FullName, StringComparison.Ordinal);

    private static void MakeEsc50(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "audio"));
        Directory.CreateDirectory(Path.Combine(folder, "meta"));
        File.WriteAllText(Path.Combine(folder, "meta", "esc50.csv"), "filename,fold,target,category,esc10,src_file,take\n");
    }
}
