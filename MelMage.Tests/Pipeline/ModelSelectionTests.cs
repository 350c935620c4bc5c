using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MelMage.Contracts.Api;
using MelMage.Model;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

/// <summary>Two installed models (the untrained default esc50 and a 10-class esc10 made for the test): listing, choosing
/// one per job, batch and seed request, and refusing a model that is not installed.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ModelSelectionTests(PipelineFixture pipeline, TestModels models) : IClassFixture<TestModels>, IAsyncLifetime
{
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await pipeline.ApiAsync(withWorker: false);
        await pipeline.StartWorkerAsync(modelsDirectory: models.Root);
    }

    // The next test class gets the fixture's usual worker (the default model alone).
    public Task DisposeAsync() => pipeline.StopWorkerAsync();

    [PipelineFact]
    public async Task GetModels_TwoInstalled_ListsDefaultFirstWithLabelsCardAndEvaluation()
    {
        var listed = (await _client.GetFromJsonAsync<List<ModelResponse>>("/api/models"))!;

        Assert.Equal(["esc50", TestModels.Esc10], listed.Select(m => m.Name).Take(2));
        var esc50 = listed[0];
        Assert.True(esc50.IsDefault);
        Assert.Equal(pipeline.Worker!.Analyzer.Model.Version, esc50.Version);
        Assert.Equal(Esc50Labels.All, esc50.Labels);
        Assert.Null(esc50.Evaluation); // the untrained network was never evaluated
        Assert.Null(esc50.EvaluationUrl);

        var esc10 = listed[1];
        Assert.False(esc10.IsDefault);
        Assert.Equal(TestModels.Esc10Version, esc10.Version);
        Assert.Equal(TestModels.Esc10Labels, esc10.Labels);
        Assert.Contains("esc10 (test)", esc10.CardMarkdown);
        Assert.Equal(TestModels.Esc10Version, esc10.Card!.Value.GetProperty("version").GetString());
        var summary = Assert.IsType<EvaluationSummary>(esc10.Evaluation);
        Assert.StartsWith("ESC-10: 5-fold cross-validation", summary.Protocol);
        Assert.Equal(0.9, summary.Mean, 6);
        Assert.Equal(0.0198, summary.Sd, 4);
        Assert.Equal(5, summary.Folds);

        var report = (await _client.GetFromJsonAsync<ModelEvaluation>(esc10.EvaluationUrl))!;
        Assert.Equal(TestModels.Esc10Labels, report.Labels);
        Assert.Equal(10, report.Confusion.Count);
        Assert.All(report.Confusion, row => Assert.Equal(40, row.Sum()));
        Assert.Equal(4, report.Confusion[2][3]); // rain heard as sea waves

        using var notEvaluated = await _client.GetAsync("/api/models/esc50/evaluation");
        await ApiClientExtensions.AssertProblemAsync(notEvaluated, 404);
        using var missing = await _client.GetAsync("/api/models/nope/evaluation");
        await ApiClientExtensions.AssertProblemAsync(missing, 404);
    }

    [PipelineFact]
    public async Task PostJob_ModelEsc10_AnsweredByEsc10AndStoredUnderItsVersion()
    {
        var clip = TestWav.Noise(1.0, seed: Random.Shared.Next());

        var chosen = await _client.WaitForJobAsync((await UploadAsync(clip, "?model=esc10")).Id);
        var byDefault = await _client.WaitForJobAsync((await UploadAsync(clip, "")).Id);

        Assert.Equal(JobStatusNames.Succeeded, chosen.Status);
        Assert.Equal(TestModels.Esc10, chosen.Model);
        Assert.Equal(TestModels.Esc10, chosen.Result!.Model);
        Assert.Equal(TestModels.Esc10Version, chosen.Result.ModelVersion);
        Assert.Equal(3, chosen.Result.Top.Count);
        Assert.All(chosen.Result.Top, p => Assert.Contains(p.Label, TestModels.Esc10Labels));
        Assert.Equal("esc10", await pipeline.ScalarAsync<string>("SELECT model_name FROM predictions WHERE job_id = $1", chosen.Id));
        Assert.Equal("esc10", await pipeline.ScalarAsync<string>("SELECT model_name FROM jobs WHERE id = $1", chosen.Id));

        // The same audio under the default model is not answered from esc10's stored prediction: results are keyed by
        // model version.
        Assert.Equal(JobStatusNames.Succeeded, byDefault.Status);
        Assert.Equal("esc50", byDefault.Model);
        Assert.Equal(pipeline.Worker!.Analyzer.Model.Version, byDefault.Result!.ModelVersion);
        Assert.False(byDefault.Result.FromCache);

        // The visualization is cached under each version.
        using var visualization = await _client.GetAsync($"/api/jobs/{chosen.Id}/visualization");
        Assert.Equal(HttpStatusCode.OK, visualization.StatusCode);
        using var document = JsonDocument.Parse(await visualization.Content.ReadAsStringAsync());
        Assert.Equal(TestModels.Esc10Version, document.RootElement.GetProperty("modelVersion").GetString());
    }

    [PipelineFact]
    public async Task PostJob_ModelAsFormField_IsHonoured()
    {
        using var form = Form(TestWav.Noise(0.8, seed: Random.Shared.Next()), "file");
        form.Add(new StringContent("esc10"), "model");
        using var response = await _client.PostAsync("/api/jobs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await _client.WaitForJobAsync((await response.Content.ReadFromJsonAsync<JobAccepted>())!.Id);
        Assert.Equal(TestModels.Esc10Version, job.Result!.ModelVersion);
    }

    [PipelineFact]
    public async Task PostJob_UnknownModel_Returns400ProblemNamingTheInstalledModels()
    {
        var before = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs");

        using var response = await _client.PostAsync("/api/jobs?model=esc99", Form(TestWav.Noise(0.8, seed: 3), "file"));

        await ApiClientExtensions.AssertProblemAsync(response, 400);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unknown model", problem.RootElement.GetProperty("title").GetString());
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("esc99", detail);
        Assert.Contains("esc10", detail);
        Assert.Contains("esc50", detail);
        var installed = problem.RootElement.GetProperty("installed").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("esc10", installed);
        Assert.Contains("esc50", installed);
        Assert.Equal(before, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [PipelineFact]
    public async Task PostBatch_ModelEsc10_EveryRowSaysEsc10AndItsVersion()
    {
        var files = Enumerable.Range(0, 3).Select(i => ($"n{i}.wav", TestWav.Noise(0.7, seed: Random.Shared.Next())));
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "files", name);
        }
        using var response = await _client.PostAsync("/api/batches?model=esc10", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!;
        await _client.WaitForBatchAsync(batch.Id, TimeSpan.FromSeconds(120));

        var rows = (await _client.GetFromJsonAsync<List<BatchResultItem>>($"/api/batches/{batch.Id}/results"))!;
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(JobStatusNames.Succeeded, r.Status);
            Assert.Equal(TestModels.Esc10, r.Model);
            Assert.Equal(TestModels.Esc10Version, r.ModelVersion);
            Assert.All(r.Top, p => Assert.Contains(p.Label, TestModels.Esc10Labels));
        });
        var csv = await _client.GetStringAsync($"/api/batches/{batch.Id}/results?format=csv");
        Assert.EndsWith(",model,model_version", csv.Split('\n')[0]);
        Assert.EndsWith($",esc10,{TestModels.Esc10Version}", csv.Split('\n')[1]);

        using var unknown = await _client.PostAsync("/api/batches?model=esc99", Form(TestWav.Noise(0.8, seed: 4), "files"));
        await ApiClientExtensions.AssertProblemAsync(unknown, 400);
    }

    [PipelineFact]
    public async Task PostInference_ModelEsc10_SeedShapedAnswerFromEsc10AndHeadersSayWhich()
    {
        var audio = Convert.ToBase64String(TestWav.Noise(1.0, seed: 7));

        using var response = await _client.PostAsJsonAsync("/api/inference", new { audio_data = audio, model = "esc10" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestModels.Esc10, response.Headers.GetValues("MelMage-Model").Single());
        Assert.Equal(TestModels.Esc10Version, response.Headers.GetValues("MelMage-Model-Version").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // The body stays exactly the seed's.
        Assert.Equal(["predictions", "visualization", "input_spectrogram", "waveform"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(json.RootElement.GetProperty("predictions").EnumerateArray(),
            p => Assert.Contains(p.GetProperty("class").GetString(), TestModels.Esc10Labels));

        using var byDefault = await _client.PostAsJsonAsync("/api/inference", new { audio_data = audio });
        Assert.Equal(HttpStatusCode.OK, byDefault.StatusCode);
        Assert.Equal("esc50", byDefault.Headers.GetValues("MelMage-Model").Single());

        using var unknown = await _client.PostAsJsonAsync("/api/inference", new { audio_data = audio, model = "esc99" });
        await ApiClientExtensions.AssertProblemAsync(unknown, 400);
        Assert.Contains("esc10", await unknown.Content.ReadAsStringAsync());
    }

    private async Task<JobAccepted> UploadAsync(byte[] clip, string query)
    {
        using var response = await _client.PostAsync("/api/jobs" + query, Form(clip, "file"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobAccepted>())!;
    }

    private static MultipartFormDataContent Form(byte[] content, string field)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, field, "clip.wav");
        return form;
    }
}
