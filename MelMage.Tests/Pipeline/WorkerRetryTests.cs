using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class WorkerRetryTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task ClassifyClip_EngineFailsTwiceThenWorks_RetriedWithBackoffAndSucceedsOnce()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        await pipeline.DrainAsync();
        await pipeline.StartWorkerAsync(engine => new FailingClipAnalyzer(engine, failures: 2));
        try
        {
            var accepted = await client.UploadJobAcceptedAsync(TestWav.Noise(0.6, Random.Shared.Next()));
            var job = await client.WaitForJobAsync(accepted.Id, TimeSpan.FromSeconds(60));

            Assert.Equal(JobStatusNames.Succeeded, job.Status);
            Assert.Equal(1L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM predictions WHERE job_id = $1", accepted.Id));
            Assert.Equal(3, await pipeline.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", accepted.Id));
        }
        finally
        {
            await pipeline.StartWorkerAsync();
        }
    }

    [PipelineFact]
    public async Task ClassifyClip_EngineAlwaysFails_JobEndsFailedWithReasonNotStuckInProcessing()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        await pipeline.DrainAsync();
        await pipeline.StartWorkerAsync(engine => new FailingClipAnalyzer(engine, failures: int.MaxValue));
        try
        {
            var accepted = await client.UploadJobAcceptedAsync(TestWav.Noise(0.6, Random.Shared.Next()));
            var job = await client.WaitForJobAsync(accepted.Id, TimeSpan.FromSeconds(60));

            Assert.Equal(JobStatusNames.Failed, job.Status);
            Assert.Equal("ProcessingFailed", job.Error!.Code);
            Assert.Contains(FailingClipAnalyzer.Message, job.Error.Message, StringComparison.Ordinal);
            // The first attempt and RetryLimit (3) retries, then no more.
            Assert.Equal(4, await pipeline.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", accepted.Id));
            Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM predictions WHERE job_id = $1", accepted.Id));
        }
        finally
        {
            await pipeline.StartWorkerAsync();
        }
    }
}
