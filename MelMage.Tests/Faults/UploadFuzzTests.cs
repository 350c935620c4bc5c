using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.Faults;

/// <summary>Issue 14, bad input at scale: 1,000 deterministic bad (and some good) files posted to the single and batch
/// upload endpoints and inside ZIPs. Every answer must be a 4xx problem or a 202 whose job ends succeeded or failed
/// with a reason: no 5xx, no job left queued or processing, and the services healthy afterwards.</summary>
[Collection(FaultsCollection.Name)]
public sealed class UploadFuzzTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    private const int Seed = 20_261_202;
    private const int SingleFiles = 600;
    private const int BatchFiles = 300;
    private const int BatchSize = 6;
    private const int ZipFiles = 100;
    private const int ZipSize = 5;

    [PipelineFact]
    public async Task ThousandMutatedFiles_Answer4xxOr202_AndEveryAcceptedJobFinishes()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        // A plain worker (no gate), taking batches as they come.
        await pipeline.StartWorkerAsync();
        var corpus = new FuzzCorpus(Seed);
        var index = 0;
        var requests = new List<(string Route, string Kind, Func<HttpRequestMessage> Make)>();
        for (var i = 0; i < SingleFiles; i++, index++)
        {
            var (name, kind, content) = corpus.Next(index);
            requests.Add(("/api/jobs", kind, () => Post("/api/jobs", "file", [(name, content)])));
        }
        for (var b = 0; b < BatchFiles / BatchSize; b++)
        {
            // Every fifth batch (and ZIP) holds only files the API should take, so that batches are accepted too;
            // the others mix kinds, and one bad file refuses the whole batch.
            var files = Enumerable.Range(0, BatchSize).Select(_ => b % 5 == 0 ? corpus.NextPlausible(index++) : corpus.Next(index++)).ToList();
            var kind = files.Select(f => f.Kind).Distinct().Count() == 1 ? files[0].Kind : "mixed";
            requests.Add(("/api/batches", kind, () => Post("/api/batches", "files", files.Select(f => (f.Name, f.Content)).ToList())));
        }
        for (var z = 0; z < ZipFiles / ZipSize; z++)
        {
            var entries = Enumerable.Range(0, ZipSize).Select(_ => z % 4 == 0 ? corpus.NextPlausible(index++) : corpus.Next(index++))
                .Select(f => (f.Name, f.Content)).ToList();
            var (name, kind, content) = corpus.Zip(z, entries);
            requests.Add(("/api/batches (zip)", kind, () => Post("/api/batches", "files", [(name, content)])));
        }
        Assert.True(index >= 1000, $"only {index} files");

        var answers = new ConcurrentBag<(string Route, string Kind, int Status, string? MediaType)>();
        var accepted = new ConcurrentBag<Guid>();
        var batches = new ConcurrentBag<Guid>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, ct) =>
        {
            using var message = request.Make();
            using var response = await client.SendAsync(message, ct);
            answers.Add((request.Route, request.Kind, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            if (response.StatusCode != HttpStatusCode.Accepted) return;
            if (request.Route == "/api/jobs") accepted.Add((await response.Content.ReadFromJsonAsync<JobAccepted>(ct))!.Id);
            else batches.Add((await response.Content.ReadFromJsonAsync<BatchAccepted>(ct))!.Id);
        });
        var postSeconds = watch.Elapsed.TotalSeconds;
        foreach (var batch in batches)
        {
            var results = (await client.GetFromJsonAsync<List<BatchResultItem>>($"/api/batches/{batch}/results"))!;
            foreach (var item in results) accepted.Add(item.JobId);
        }

        var counts = await JobLedger.SettleAsync(pipeline, accepted.Distinct().ToList(), output, "fuzz, accepted jobs");
        output.WriteLine($"all accepted jobs finished {watch.Elapsed.TotalSeconds:0.0} s after the first request");
        output.WriteLine($"{index} files in {requests.Count} requests, posted in {postSeconds:0.0} s");
        foreach (var route in answers.GroupBy(a => a.Route).OrderBy(g => g.Key))
        {
            output.WriteLine($"{route.Key}: " + string.Join(", ", route.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count()}")));
        }
        foreach (var kind in answers.GroupBy(a => a.Kind).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {kind.Key}: " + string.Join(", ", kind.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count()}")));
        }
        var failed = await FailedReasonsAsync(accepted.Distinct().ToArray());
        foreach (var (code, n) in failed) output.WriteLine($"  failed job, code {code}: {n}");

        Assert.DoesNotContain(answers, a => a.Status >= 500);
        Assert.All(answers.Where(a => a.Status != 202), a =>
        {
            Assert.InRange(a.Status, 400, 499);
            Assert.Equal("application/problem+json", a.MediaType);
        });
        Assert.Equal(0, counts.Lost);
        Assert.Equal(0L, counts.Duplicates);
        // A failed job carries its reason.
        Assert.Equal(0L, await pipeline.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE id = ANY($1) AND status = 'failed' AND (error_code IS NULL OR error_message IS NULL)",
            accepted.Distinct().ToArray()));
        // Still healthy: the API's checks (database, Redis), and the servers' own.
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var server in new[] { "postgres", "redis", "rabbitmq" })
        {
            await pipeline.Servers.App.ResourceNotifications.WaitForResourceHealthyAsync(server, timeout.Token);
        }
        // And a good clip still goes through.
        var probe = await client.UploadJobAcceptedAsync(TestWav.Noise(1.0, Seed), "after-fuzz.wav");
        Assert.Equal(JobStatusNames.Succeeded, (await client.WaitForJobAsync(probe.Id, TimeSpan.FromMinutes(2))).Status);
    }

    private async Task<List<(string Code, long Count)>> FailedReasonsAsync(Guid[] ids)
    {
        await using var connection = new Npgsql.NpgsqlConnection(pipeline.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(error_code, '(none)'), count(*) FROM jobs WHERE id = ANY($1) AND status = 'failed' GROUP BY 1 ORDER BY 1", connection)
            { Parameters = { new() { Value = ids } } };
        var rows = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return rows;
    }

    private static HttpRequestMessage Post(string path, string field, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "audio/wav");
            form.Add(part, field, name);
        }
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
    }
}
