using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Model;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class BatchPipelineTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task PostBatch_FiftyClips_FiftyResultsAsJsonAndCsv()
    {
        var client = await pipeline.ApiAsync();
        var seed = Random.Shared.Next();
        var files = Enumerable.Range(0, 50).Select(i => ($"clip-{i:00}.wav", TestWav.Noise(0.5, seed + i))).ToList();

        using var response = await client.UploadBatchAsync(files);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!;
        Assert.Equal(50, accepted.Total);

        var batch = await client.WaitForBatchAsync(accepted.Id, TimeSpan.FromMinutes(3));
        Assert.Equal(50, batch.Succeeded);
        Assert.Equal(1.0, batch.Progress);

        var results = (await client.GetFromJsonAsync<List<BatchResultItem>>($"/api/batches/{accepted.Id}/results?format=json"))!;
        Assert.Equal(50, results.Count);
        Assert.Equal(files.Select(f => f.Item1).Order(), results.Select(r => r.FileName).Order());
        Assert.All(results, r => Assert.Equal(3, r.Top.Count));
        Assert.All(results.SelectMany(r => r.Top), p => Assert.Contains(p.Label, Esc50Labels.All));

        var csv = await client.GetStringAsync($"/api/batches/{accepted.Id}/results?format=csv");
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.StartsWith("job_id,file_name,status,label_1,confidence_1", lines[0], StringComparison.Ordinal);
        Assert.Equal(51, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",succeeded,", l, StringComparison.Ordinal));
        Assert.Equal(50L, await pipeline.ScalarAsync<long>(
            "SELECT count(*) FROM predictions p JOIN jobs j ON j.id = p.job_id WHERE j.batch_id = $1", accepted.Id));
    }

    [PipelineFact]
    public async Task PostBatch_ZipOfWavs_QueuesEveryEntry()
    {
        var client = await pipeline.ApiAsync();
        var seed = Random.Shared.Next();
        using var zipBuffer = new MemoryStream();
        using (var zip = new ZipArchive(zipBuffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 3; i++)
            {
                await using var entry = zip.CreateEntry($"folder/clip{i}.wav").Open();
                await entry.WriteAsync(TestWav.Noise(0.6, seed + i));
            }
        }
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zipBuffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "files", "clips.zip");

        using var response = await client.PostAsync("/api/batches", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!;
        Assert.Equal(3, accepted.Total);
        Assert.Equal(3, (await client.WaitForBatchAsync(accepted.Id, TimeSpan.FromMinutes(2))).Succeeded);
    }
}
