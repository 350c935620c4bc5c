using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Data;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

/// <summary>What the Aspire dashboard would receive: the outbox dispatcher and the worker's training-run claim poll
/// the database every few seconds, and none of those polls may be a trace; an upload is still one trace from its
/// request through the outbox, the broker and the worker to Postgres and Redis.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PollTracingTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task IdlePolls_ExportNoSpans_WhileAnUploadIsOneTraceDownToTheDatabase()
    {
        // A database of its own, so that only this test's API and worker touch it.
        var database = $"traces_{Guid.NewGuid():N}";
        var connectionString = pipeline.Servers.Postgres.GetConnectionString(database);
        await MelMageDatabase.MigrateAsync(connectionString);
        var settings = pipeline.ConnectionStrings.ToDictionary();
        settings[$"ConnectionStrings:{MelMageDatabase.ConnectionName}"] = connectionString;

        // The fixture's worker consumes the same queue against the fixture's database.
        await pipeline.StopWorkerAsync();
        await using var worker = await InProcessWorker.StartAsync(settings);
        var spans = new SpanCollector();
        await using var api = TestApi.Create(settings, spans);
        using var client = api.CreateClient();

        // Idle: three outbox polls (2 s), a training-run poll (5 s), and a health probe that queries the database.
        // The API answers before its bus has connected, and /health says 503 until then (a loaded machine takes seconds).
        var healthy = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpStatusCode health;
        while ((health = (await client.GetAsync("/health")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < healthy)
        {
            await Task.Delay(250);
        }
        Assert.Equal(HttpStatusCode.OK, health);
        await Task.Delay(TimeSpan.FromSeconds(6.5));
        Assert.Empty(spans.DatabaseSpans(database));

        var upload = ActivityTraceId.CreateRandom();
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestWav.Noise(0.6, Random.Shared.Next()));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "clip.wav");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = form };
        request.Headers.Add("traceparent", $"00-{upload}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JobAccepted>())!;
        Assert.Equal(JobStatusNames.Succeeded, (await client.WaitForJobAsync(accepted.Id)).Status);
        // Redis's spans come from command profiles the instrumentation drains every 10 s; meanwhile idle polls go on.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!spans.Spans.Any(a => a.TraceId == upload && IsRedis(a)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var trace = spans.Spans.Where(a => a.TraceId == upload).ToList();
        var names = string.Join(", ", trace.Select(a => $"{a.Source.Name}:{a.DisplayName}"));
        var dispatch = Assert.Single(trace, a => a.OperationName == "Dispatch outbox");
        Assert.Contains(trace, a => a.OperationName == "Send ClassifyClip" && Equals(a.GetTagItem("melmage.job_id"), accepted.Id));
        Assert.Contains(trace, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
        var workerSpans = trace.Where(a => a.Source.Name == "MelMage.Worker").Select(a => a.SpanId).ToHashSet();
        Assert.Contains(trace, a => a.Source.Name == "MelMage.Worker" && a.OperationName == "db store results");
        // Postgres from the API (the job's INSERT), from the dispatch (its UPDATE) and from the worker.
        var commands = spans.DatabaseSpans(database);
        Assert.Contains(commands, a => a.TraceId == upload && a.Kind == ActivityKind.Client && !workerSpans.Contains(a.ParentSpanId)
                                        && a.ParentSpanId != dispatch.SpanId);
        Assert.Contains(commands, a => a.ParentSpanId == dispatch.SpanId);
        Assert.True(commands.Any(a => a.TraceId == upload && workerSpans.Contains(a.ParentSpanId)), names);
        Assert.True(trace.Any(IsRedis), names);
        // And not one database span anywhere that starts a trace of its own.
        Assert.DoesNotContain(commands, a => a.ParentSpanId == default);
    }

    private static bool IsRedis(Activity span) => span.Source.Name.Contains("Redis", StringComparison.OrdinalIgnoreCase);
}
