using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class MalformedUploadTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task PostJob_EachMalformedKind_Returns4xxProblemAndStoresNothing()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var jobsBefore = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs");
        var answers = new List<string>();

        foreach (var (name, content, status) in TestWav.Malformed())
        {
            using var response = await client.UploadJobAsync(content, name + ".wav");
            answers.Add($"{name}: {(int)response.StatusCode}");
            Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: "
                                                           + await response.Content.ReadAsStringAsync());
            await ApiClientExtensions.AssertProblemAsync(response, status);
        }

        Assert.Equal(jobsBefore, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(7, answers.Count);
    }

    [PipelineFact]
    public async Task PostBatch_OneMalformedFile_RefusesWholeBatchAndStoresNothing()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var jobsBefore = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs");
        var batchesBefore = await pipeline.ScalarAsync<long>("SELECT count(*) FROM batches");

        using var response = await client.UploadBatchAsync(
            [("good.wav", TestWav.Noise(0.6, 1)), ("bad.wav", "not audio at all, just some words"u8.ToArray())]);

        await ApiClientExtensions.AssertProblemAsync(response, 415);
        Assert.Contains("bad.wav", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(jobsBefore, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(batchesBefore, await pipeline.ScalarAsync<long>("SELECT count(*) FROM batches"));
    }

    [Fact]
    public async Task PostJob_NotMultipart_Returns415Problem()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var response = await client.PostAsync("/api/jobs", new ByteArrayContent(TestWav.Noise(0.1, 1)));
        await ApiClientExtensions.AssertProblemAsync(response, 415);
    }
}
