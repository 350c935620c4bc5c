using System.Net;
using System.Net.Http.Headers;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.Faults;

/// <summary>Issue 14: the API killed (SIGKILL) in the middle of an upload of 60 clips, with the body half sent, and
/// at moments just after it was all sent (validating, storing, committing). An upload is one transaction, so a batch
/// is either stored whole (and then processed: any API replica's outbox sends it) or not at all.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ApiKillTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    private const int BatchClips = 60;

    [PipelineFact]
    public async Task ApiKilledMidUpload_NoHalfStoredJobs_StoredBatchesComplete()
    {
        // The fixture's API and worker stand for the replicas that survive: their outbox and worker finish whatever
        // the killed API had committed.
        await pipeline.ApiAsync();
        if (pipeline.Worker is null) await pipeline.StartWorkerAsync();

        var rounds = new List<(string Prefix, string When, string Outcome)>();
        // 0. Not killed: how long the API takes from the end of the body to its 202 (validating, storing, committing).
        rounds.Add(await KillRoundAsync("kill-none", killAfterSent: null, kill: false));
        var full = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE file_name LIKE 'kill-none-%'");
        Assert.Equal(BatchClips, (int)full);
        var answerTime = lastAnswerTime;
        output.WriteLine($"an unkilled upload of {BatchClips} clips was answered {answerTime.TotalMilliseconds:0} ms after its body was sent");
        // 1. Killed with half the body received.
        rounds.Add(await KillRoundAsync("kill-half", killAfterSent: null));
        // 2. Killed at moments after the whole body was sent, spread over that time and just past it: while the API
        // validates, inserts, commits, answers.
        foreach (var fraction in new[] { 0.0, 0.5, 0.8, 0.9, 0.95, 1.0, 1.1 })
        {
            rounds.Add(await KillRoundAsync($"kill-{fraction * 100:000}", killAfterSent: answerTime * fraction));
        }
        // 3. Killed while its INSERT of the jobs and their audio is running in Postgres (seen in pg_stat_activity).
        rounds.Add(await KillRoundAsync("kill-insert", killAfterSent: null, whileInserting: true));

        // No batch without all its jobs, no job without its upload, nothing of the half-sent body.
        Assert.Equal(0L, await pipeline.ScalarAsync<long>(
            "SELECT count(*) FROM batches b WHERE b.total <> (SELECT count(*) FROM jobs j WHERE j.batch_id = b.id)"));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>(
            "SELECT count(*) FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM job_uploads u WHERE u.job_id = j.id)"));
        Assert.Equal(0L, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE file_name LIKE 'kill-half-%'"));

        var stored = new List<Guid>();
        foreach (var (prefix, when, outcome) in rounds)
        {
            var ids = await IdsAsync(prefix);
            Assert.True(ids.Count is 0 or BatchClips, $"{prefix}: {ids.Count} of {BatchClips} jobs stored");
            output.WriteLine($"killed {when}: client saw {outcome}; stored {ids.Count} of {BatchClips} jobs");
            stored.AddRange(ids);
        }
        var counts = await JobLedger.SettleAsync(pipeline, stored, output, "API killed mid-upload, stored jobs");
        Assert.Equal(0L, counts.Duplicates);
        Assert.Equal(0, counts.Lost);
        Assert.Equal(counts.Accepted, counts.Succeeded);
    }

    private async Task<List<Guid>> IdsAsync(string prefix)
    {
        await using var connection = new Npgsql.NpgsqlConnection(pipeline.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT id FROM jobs WHERE file_name LIKE $1", connection)
            { Parameters = { new() { Value = prefix + "-%" } } };
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private TimeSpan lastAnswerTime;

    /// <param name="killAfterSent">null: kill with half the body sent; else this long after all of it was sent.</param>
    /// <param name="kill">false: let the upload finish (and measure how long its answer took).</param>
    /// <param name="whileInserting">kill once Postgres shows the API's INSERT running.</param>
    private async Task<(string, string, string)> KillRoundAsync(string prefix, TimeSpan? killAfterSent, bool kill = true,
        bool whileInserting = false)
    {
        var port = ChildProcess.FreePort();
        var environment = pipeline.ConnectionStrings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["Logging__LogLevel__Default"] = "Warning";
        using var api = ChildProcess.Start("dotnet", [TestPaths.BuiltDll("MelMage.Api", "MelMage.Api.dll")], environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        await api.WaitUntilAsync("api", async ct => (await http.GetAsync("/alive", ct)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(90), CancellationToken.None);

        var form = new MultipartFormDataContent();
        for (var i = 0; i < BatchClips; i++)
        {
            var file = new ByteArrayContent(TestWav.Noise(1.0, 160_000 + prefix.Sum(c => c) * 100 + i));
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "files", $"{prefix}-{i:000}.wav");
        }
        var body = await form.ReadAsByteArrayAsync();
        var content = new StallingContent(body, killAfterSent is null && kill && !whileInserting ? body.Length / 2 : body.Length);
        content.Headers.ContentType = form.Headers.ContentType;

        var send = http.PostAsync("/api/batches", content);
        await content.Sent.Task.WaitAsync(TimeSpan.FromMinutes(1));
        if (!kill)
        {
            var sentAt = System.Diagnostics.Stopwatch.StartNew();
            using var answer = await send;
            lastAnswerTime = sentAt.Elapsed;
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            api.Kill();
            return (prefix, "never (the control round)", "202");
        }
        var when = killAfterSent is null ? "with half the body sent" : $"{killAfterSent.Value.TotalMilliseconds:0} ms after the body was sent";
        if (whileInserting)
        {
            when = await WaitForInsertAsync(send) ? "while its INSERT ran in Postgres" : "(its INSERT was never seen running)";
        }
        else if (killAfterSent is { } delay) await Task.Delay(delay);
        else await Task.Delay(300); // the server has read what arrived and waits for the rest
        var answeredBeforeKill = send.IsCompleted;
        api.Kill();
        content.Release();
        string outcome;
        try
        {
            using var response = await send;
            outcome = $"{(int)response.StatusCode}" + (answeredBeforeKill ? " (answered before the kill)" : "");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            outcome = "the connection lost";
        }
        return (prefix, when, outcome);
    }

    /// <summary>Polls Postgres until a backend runs an INSERT into the jobs tables (true), or the upload was answered.</summary>
    private async Task<bool> WaitForInsertAsync(Task send)
    {
        await using var connection = new Npgsql.NpgsqlConnection(pipeline.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query ILIKE '%INSERT INTO job%'", connection);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!send.IsCompleted && DateTime.UtcNow < deadline)
        {
            if ((long)(await command.ExecuteScalarAsync())! > 0) return true;
            await Task.Delay(2);
        }
        return false;
    }

    /// <summary>A request body that sends its first <c>sendFirst</c> bytes, signals, and sends the rest only when released.</summary>
    private sealed class StallingContent(byte[] body, int sendFirst) : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, sendFirst));
            await stream.FlushAsync();
            Sent.TrySetResult();
            if (sendFirst == body.Length) return;
            await _release.Task;
            await stream.WriteAsync(body.AsMemory(sendFirst));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
