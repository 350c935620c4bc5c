using System.Net;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MelMage.Tests.Faults;

/// <summary>Issue 14, faults under load: a server stopped and started again (Aspire's Stop/Start commands) while a
/// batch of 60 clips is inside the system. Every test prints its counts (accepted, completed, duplicates, lost) and
/// asserts that nothing was duplicated or lost.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ServerFaultTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    private const int BatchClips = 60;

    /// <summary>Untrained engine, 4 clips a forward behind a gate, each forward at least 100 ms: a batch of 60 takes
    /// a few seconds, and the test decides when the worker may go on.</summary>
    private async Task<(HttpClient Client, GatedClipAnalyzer Gate)> StartAsync()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        GatedClipAnalyzer? gate = null;
        await pipeline.StartWorkerAsync(engine => gate = new GatedClipAnalyzer(engine), batchSize: 4);
        return (client, gate!);
    }

    private static List<(string Name, byte[] Content)> Clips(string prefix, int count, int seed) =>
        Enumerable.Range(0, count).Select(i => ($"{prefix}-{i:000}.wav", TestWav.Noise(1.0, seed + i))).ToList();

    private async Task<List<Guid>> UploadBatchAsync(HttpClient client, List<(string Name, byte[] Content)> files)
    {
        using var response = await client.UploadBatchAsync(files);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!;
        var ids = new List<Guid>();
        await using var connection = new NpgsqlConnection(pipeline.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM jobs WHERE batch_id = $1", connection)
            { Parameters = { new() { Value = batch.Id } } };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        Assert.Equal(files.Count, ids.Count);
        return ids;
    }

    /// <summary>Until some of the jobs have succeeded and the worker holds more at the closed gate.</summary>
    private async Task WaitUntilMidBatchAsync(GatedClipAnalyzer gate, IReadOnlyCollection<Guid> ids)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var closed = false;
        while (true)
        {
            var counts = await JobLedger.CountAsync(pipeline, ids);
            if (!closed && counts.Succeeded > 0)
            {
                gate.Close();
                closed = true;
            }
            if (closed && gate.Waiting > 0) break;
            Assert.True(DateTime.UtcNow < deadline, $"the worker made no progress: {counts}");
            await Task.Delay(20);
        }
    }

    [PipelineFact]
    public async Task RabbitMqStoppedMidBatch_EveryAcceptedClipSucceedsOnce()
    {
        var (client, gate) = await StartAsync();
        var accepted = await UploadBatchAsync(client, Clips("mq", BatchClips, seed: 140_000));
        await WaitUntilMidBatchAsync(gate, accepted);
        var before = await JobLedger.CountAsync(pipeline, accepted);
        output.WriteLine($"at the stop: {before}; {gate.Waiting} forwards held in the worker");
        Assert.True(before.Succeeded < BatchClips);

        await ServerControl.StopAsync(pipeline.Servers.App, "rabbitmq");
        try
        {
            // The held batches finish while the broker is down: results are stored, their acknowledgements are lost.
            gate.Open();
            // Uploads during the outage go into the outbox (Postgres) and are answered 202, or refused with a 503.
            var during = new Dictionary<HttpStatusCode, int>();
            foreach (var (name, content) in Clips("mq-outage", 10, seed: 141_000))
            {
                using var response = await client.UploadJobAsync(content, name);
                during[response.StatusCode] = during.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add((await response.Content.ReadFromJsonAsync<JobAccepted>())!.Id);
                }
                else
                {
                    await ApiClientExtensions.AssertProblemAsync(response, 503);
                }
            }
            output.WriteLine("uploads during the outage: " + string.Join(", ", during.Select(kv => $"{(int)kv.Key}: {kv.Value}")));
        }
        finally
        {
            gate.Open();
            await ServerControl.StartAsync(pipeline.Servers.App, "rabbitmq");
        }

        var counts = await JobLedger.SettleAsync(pipeline, accepted, output, "RabbitMQ stopped and restarted mid-batch");
        Assert.Equal(0L, counts.Duplicates);
        Assert.Equal(0, counts.Lost);
        Assert.Equal(counts.Accepted, counts.Succeeded);
        Assert.Equal((long)counts.Accepted, counts.PredictionRows);
    }

    [PipelineFact]
    public async Task PostgresStoppedMidBatch_Answers503_ThenEveryAcceptedClipSucceedsOnce()
    {
        var (client, gate) = await StartAsync();
        var accepted = await UploadBatchAsync(client, Clips("pg", BatchClips, seed: 142_000));
        var batchId = (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{accepted[0]}"))!.BatchId!.Value;
        await WaitUntilMidBatchAsync(gate, accepted);
        var before = await JobLedger.CountAsync(pipeline, accepted);
        output.WriteLine($"at the stop: {before}; {gate.Waiting} forwards held in the worker");
        Assert.True(before.Succeeded < BatchClips);

        await ServerControl.StopAsync(pipeline.Servers.App, "postgres");
        var answers = new List<(string Request, HttpStatusCode Status)>();
        try
        {
            // The held batches go on and find no database to store into: they wait for it.
            gate.Open();
            var probes = new Func<Task<HttpResponseMessage>>[]
            {
                () => client.GetAsync($"/api/jobs/{accepted[0]}"),
                () => client.GetAsync($"/api/batches/{batchId}"),
                () => client.GetAsync($"/api/batches/{batchId}/results"),
                () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/jobs?limit=5")
                {
                    Headers = { { "X-Api-Key", PipelineFixture.OperatorKey } }, // the list of every client's jobs is the operator's
                }),
                () => client.UploadJobAsync(TestWav.Noise(1.0, 143_000), "pg-outage-single.wav"),
                () => client.UploadBatchAsync(Clips("pg-outage-batch", 3, seed: 143_100)),
            };
            foreach (var probe in probes)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                using var response = await probe();
                output.WriteLine($"  answered {(int)response.StatusCode} in {watch.Elapsed.TotalSeconds:0.0} s");
                answers.Add(($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}", response.StatusCode));
                await ApiClientExtensions.AssertProblemAsync(response, 503);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        finally
        {
            gate.Open();
            await ServerControl.StartAsync(pipeline.Servers.App, "postgres");
        }
        foreach (var (request, status) in answers) output.WriteLine($"during the outage: {request} → {(int)status}");

        var counts = await JobLedger.SettleAsync(pipeline, accepted, output, "Postgres stopped and restarted mid-batch");
        Assert.Equal(0L, counts.Duplicates);
        Assert.Equal(0, counts.Lost);
        Assert.Equal(counts.Accepted, counts.Succeeded);
        // The refused uploads stored nothing.
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE file_name LIKE 'pg-outage%'"));
        // And the API answers again.
        using var after = await client.GetAsync($"/api/batches/{batchId}");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [PipelineFact]
    public async Task RedisStoppedMidBatch_ResultsAndVisualizationsStillAnswered()
    {
        var (client, gate) = await StartAsync();
        var accepted = await UploadBatchAsync(client, Clips("redis", BatchClips, seed: 144_000));
        var batchId = (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{accepted[0]}"))!.BatchId!.Value;
        await WaitUntilMidBatchAsync(gate, accepted);
        output.WriteLine($"at the stop: {await JobLedger.CountAsync(pipeline, accepted)}");

        var answers = new List<(string Request, int Status)>();
        async Task<HttpResponseMessage> Ask(string path)
        {
            var response = await client.GetAsync(path);
            answers.Add(($"GET {path}", (int)response.StatusCode));
            return response;
        }

        await ServerControl.StopAsync(pipeline.Servers.App, "redis");
        JobCounts counts;
        try
        {
            gate.Open();
            // The batch finishes without the cache: visualizations cannot be stored, results are.
            counts = await JobLedger.SettleAsync(pipeline, accepted, output, "Redis stopped mid-batch");
            foreach (var id in accepted.Take(5))
            {
                using var job = await Ask($"/api/jobs/{id}");
                Assert.Equal(HttpStatusCode.OK, job.StatusCode);
            }
            using (var results = await Ask($"/api/batches/{batchId}/results")) Assert.Equal(HttpStatusCode.OK, results.StatusCode);
            // A visualization while Redis is down: a worker recomputes it.
            foreach (var id in new[] { accepted[0], accepted[^1] })
            {
                using var visualization = await Ask($"/api/jobs/{id}/visualization");
                Assert.Equal(HttpStatusCode.OK, visualization.StatusCode);
            }
            using var health = await client.GetAsync("/health");
            output.WriteLine($"API /health while Redis is down: {(int)health.StatusCode} (Redis is one of its checks)");
        }
        finally
        {
            gate.Open();
            await ServerControl.StartAsync(pipeline.Servers.App, "redis");
        }

        // Once Redis is back the visualizations are answered (and cached) again.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            using var visualization = await Ask($"/api/jobs/{accepted[1]}/visualization");
            if (visualization.StatusCode == HttpStatusCode.OK) break;
            Assert.True(DateTime.UtcNow < deadline, $"visualization after Redis returned: {(int)visualization.StatusCode}");
            await Task.Delay(500);
        }
        foreach (var group in answers.GroupBy(a => a.Status)) output.WriteLine($"answers {group.Key}: {group.Count()}");
        Assert.DoesNotContain(answers, a => a.Status >= 500);
        Assert.Equal(0L, counts.Duplicates);
        Assert.Equal(0, counts.Lost);
        Assert.Equal(counts.Accepted, counts.Succeeded);
    }
}
