using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class WorkerCrashTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task WorkerKilledMidBatch_NewWorker_CompletesEveryJobExactlyOnce()
    {
        const int total = 24;
        var client = await pipeline.ApiAsync(withWorker: false);
        await pipeline.StopWorkerAsync(); // only the worker process below may take these jobs
        var seed = Random.Shared.Next();
        var files = Enumerable.Range(0, total).Select(i => ($"crash-{i:00}.wav", TestWav.Noise(5.0, seed + i))).ToList();

        int doneAtKill;
        using (var worker = WorkerProcess.Start(pipeline.ConnectionStrings, batchSize: 4))
        {
            using var response = await client.UploadBatchAsync(files);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var batchId = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!.Id;
            var accepted = batchId;

            // Kill once a batch is stored and the next one is inside the worker (marked processing, not yet stored).
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                Assert.False(worker.HasExited, "the worker process exited on its own:\n" + worker.Output);
                Assert.True(DateTime.UtcNow < deadline, "the worker process made no progress:\n" + worker.Output);
                var succeeded = await pipeline.ScalarAsync<long>(
                    "SELECT count(*) FROM jobs WHERE batch_id = $1 AND status = 'succeeded'", accepted);
                var processing = await pipeline.ScalarAsync<long>(
                    "SELECT count(*) FROM jobs WHERE batch_id = $1 AND status = 'processing'", accepted);
                if (succeeded > 0 && processing > 0) break;
                await Task.Delay(20);
            }
            worker.Kill();
            doneAtKill = (await client.GetFromJsonAsync<BatchResponse>($"/api/batches/{accepted}"))!.Succeeded;
            Assert.True(doneAtKill < total, "the worker finished everything before it could be killed");

            await pipeline.StartWorkerAsync();
            var batch = await client.WaitForBatchAsync(accepted, TimeSpan.FromMinutes(3));

            Assert.Equal(total, batch.Succeeded);
            Assert.Equal((long)total, await pipeline.ScalarAsync<long>(
                "SELECT count(*) FROM predictions p JOIN jobs j ON j.id = p.job_id WHERE j.batch_id = $1", accepted));
            Assert.Equal((long)total, await pipeline.ScalarAsync<long>(
                "SELECT count(DISTINCT p.job_id) FROM predictions p JOIN jobs j ON j.id = p.job_id WHERE j.batch_id = $1", accepted));
            // Jobs the killed worker had started were redelivered and started again by the new one.
            Assert.True(await pipeline.ScalarAsync<int>("SELECT max(attempts) FROM jobs WHERE batch_id = $1", accepted) >= 2);
        }
    }
}
