using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary>The AppHost as a new user meets it: a fresh state folder, one command, the addresses in endpoints.json,
/// an upload through the web page's address, its trace in the dashboard, a restart from the dashboard, SIGTERM, and
/// a second start on the same folder that finds the data and the telemetry again.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostEndToEndTests(ITestOutputHelper output)
{
    [PipelineFact]
    public async Task AppHost_FreshStateFolder_UploadTracedRestartedAndStoppedWithoutOrphans()
    {
        var state = AppHostProcess.NewStateDirectory();
        var clock = Stopwatch.StartNew();
        Guid jobId;
        string traceId;
        try
        {
            await using (var host = await AppHostProcess.StartAsync(state))
            {
                Assert.Contains($"Login to the dashboard at {host.Addresses.Dashboard}/login?t=", host.Output);
                Assert.StartsWith("http://127.0.0.1:", host.Addresses.Web);
                Assert.StartsWith("http://127.0.0.1:", host.Addresses.Api);

                var resources = await host.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(4));
                output.WriteLine($"all healthy after {clock.Elapsed.TotalSeconds:0} s");
                Assert.Equal(["postgres", "melmage", "redis", "rabbitmq", "api", "worker", "web"], resources.Select(r => r.Name));
                await AssertDashboardIsGuardedAsync(host);
                AssertEnvironmentIsAspireShapedAndMasked(resources, state);

                // Upload through the web page's address (/api is proxied to the API).
                var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
                var accepted = await host.Web.UploadJobAcceptedAsync(clip, "4-182395-A-0.wav");
                jobId = accepted.Id;
                var job = await host.Web.WaitForJobAsync(jobId, TimeSpan.FromMinutes(2));
                Assert.Equal(JobStatusNames.Succeeded, job.Status);
                output.WriteLine($"job succeeded after {clock.Elapsed.TotalSeconds:0} s");

                traceId = await AssertUploadIsOneTraceAsync(host, jobId);
                await AssertLogsAndMetricsArriveAsync(host);
                await AssertRestartFromDashboardAsync(host);

                var exitCode = await host.TerminateAsync(TimeSpan.FromSeconds(120));
                output.WriteLine($"stopped after {clock.Elapsed.TotalSeconds:0} s");
                Assert.Equal(0, exitCode);
                Assert.True(host.SeenDescendants.Count >= 10, $"only {host.SeenDescendants.Count} child processes seen");
                Assert.Empty(host.Leftovers());
                Assert.Contains("database system is shut down",
                    await File.ReadAllTextAsync(Path.Combine(state, "logs", "postgres.log")));
            }

            // Same state folder: the job, its result and its trace are still there.
            await using (var again = await AppHostProcess.StartAsync(state))
            {
                await again.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(4));
                var job = (await again.Web.GetFromJsonAsync<JobResponse>($"/api/jobs/{jobId}"))!;
                Assert.Equal(JobStatusNames.Succeeded, job.Status);
                using var trace = await again.Dashboard.GetAsync($"/api/traces/{traceId}");
                Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
                Assert.Equal(0, await again.TerminateAsync(TimeSpan.FromSeconds(120)));
                Assert.Empty(again.Leftovers());
            }
            output.WriteLine($"second run stopped after {clock.Elapsed.TotalSeconds:0} s");
        }
        finally
        {
            TryDelete(state);
        }
    }

    private static async Task AssertDashboardIsGuardedAsync(AppHostProcess host)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.Addresses.Dashboard) };
        using var denied = await anonymous.GetAsync("/api/resources");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        using var wrongToken = await anonymous.GetAsync("/login?t=not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);

        // The OTLP receiver takes posts without the token (an empty ExportTraceServiceRequest is zero bytes).
        using var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new("application/x-protobuf");
        using var otlp = await anonymous.PostAsync("/v1/traces", empty);
        Assert.Equal(HttpStatusCode.OK, otlp.StatusCode);
    }

    private static void AssertEnvironmentIsAspireShapedAndMasked(List<AppHostProcess.ResourceView> resources, string state)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(state, "secrets.json")))!;
        var api = resources.Single(r => r.Name == "api");
        var environment = api.Environment.ToDictionary(e => e.Name, e => e.Value);
        Assert.Matches("^Host=127.0.0.1;Port=\\d+;Username=postgres;Password=•+;Database=melmage$", environment["ConnectionStrings__postgres"]);
        Assert.Matches("^amqp://melmage:•+@127.0.0.1:\\d+$", environment["ConnectionStrings__rabbitmq"]);
        Assert.Matches("^127.0.0.1:\\d+$", environment["ConnectionStrings__redis"]);
        Assert.Equal("api", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal(api.Endpoints.Single().Url, environment["ASPNETCORE_URLS"]);
        var everything = string.Join('\n', resources.SelectMany(r => r.Environment.Select(e => e.Value)));
        foreach (var secret in secrets.Values) Assert.DoesNotContain(secret, everything);

        var web = resources.Single(r => r.Name == "web");
        Assert.Equal(api.Endpoints.Single().Url, web.Environment.Single(e => e.Name == "services__api__http__0").Value);
        Assert.True(web.Endpoints.Single().External);
    }

    /// <summary>Finds the upload's trace by the job id the API tags its send span with, and checks that it runs from the
    /// web through the API and RabbitMQ into the worker, which touches Postgres and the Redis cache.</summary>
    private async Task<string> AssertUploadIsOneTraceAsync(AppHostProcess host, Guid jobId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var seen = "";
        while (true)
        {
            foreach (var summary in (await host.Dashboard.GetFromJsonAsync<List<JsonElement>>(
                         $"/api/traces?limit=1000&q={jobId}"))!)
            {
                // Polling the job makes many small GET traces that mention its id; the upload's is the one in the worker.
                if (!summary.GetProperty("resources").EnumerateArray().Any(r => r.GetString() == "worker")) continue;
                var id = summary.GetProperty("traceId").GetString()!;
                var trace = await host.Dashboard.GetFromJsonAsync<JsonElement>($"/api/traces/{id}");
                var spans = trace.GetProperty("spans").EnumerateArray().Select(s => new
                {
                    Resource = s.GetProperty("resource").GetString()!,
                    Name = s.GetProperty("name").GetString()!,
                    Kind = s.GetProperty("kind").GetInt32(),
                    Attributes = s.GetProperty("attributes").Deserialize<Dictionary<string, string>>()!,
                }).ToList();
                var complete = spans.Any(s => s is { Resource: "web", Kind: 2 })
                               && spans.Any(s => s is { Resource: "api", Kind: 2 } && s.Name.StartsWith("POST", StringComparison.Ordinal))
                               && spans.Any(s => s is { Resource: "api", Kind: 4 } && s.Attributes.GetValueOrDefault("messaging.system") == "rabbitmq")
                               && spans.Any(s => s is { Resource: "worker", Kind: 5 })
                               && spans.Any(s => s.Resource == "worker" && (s.Attributes.GetValueOrDefault("db.system.name")
                                                                                  ?? s.Attributes.GetValueOrDefault("db.system")) == "postgresql")
                               && spans.Any(s => s.Resource == "worker" && s.Name.StartsWith("cache", StringComparison.Ordinal))
                               && spans.Any(s => s is { Resource: "worker", Name: "forward" });
                seen += $"\n{id}: " + string.Join(", ", spans.Select(s => $"{s.Resource}:{s.Name}({s.Kind})"));
                if (complete)
                {
                    output.WriteLine($"trace {id}: {spans.Count} spans: " + string.Join(" → ",
                        spans.Select(s => $"{s.Resource}:{s.Name}").Distinct().Take(12)));
                    return id;
                }
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No complete trace for job {jobId}:{seen}");
            await Task.Delay(1000);
        }
    }

    private static async Task AssertLogsAndMetricsArriveAsync(AppHostProcess host)
    {
        var logs = await host.Dashboard.GetFromJsonAsync<List<JsonElement>>("/api/logs?resource=api&level=Information&limit=50");
        Assert.NotEmpty(logs!);
        Assert.All(logs!, l => Assert.Equal("api", l.GetProperty("resource").GetString()));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string[] wanted = ["melmage.worker.jobs", "melmage.worker.inference.duration", "melmage.worker.queue.wait",
            "melmage.worker.batch.size", "http.server.request.duration"];
        while (true)
        {
            var names = (await host.Dashboard.GetFromJsonAsync<List<JsonElement>>("/api/metrics"))!
                .Select(i => i.GetProperty("name").GetString()).ToHashSet();
            if (wanted.All(names.Contains)) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Missing instruments: " + string.Join(", ", wanted.Where(w => !names.Contains(w))));
            await Task.Delay(1000);
        }
        var jobs = await host.Dashboard.GetFromJsonAsync<List<JsonElement>>("/api/metrics/melmage.worker.jobs");
        Assert.Contains(jobs!, s => s.GetProperty("attributes").TryGetProperty("outcome", out _) && s.GetProperty("total").GetDouble() >= 1);
    }

    private async Task AssertRestartFromDashboardAsync(AppHostProcess host)
    {
        var before = (await host.ResourcesAsync()).Single(r => r.Name == "worker");
        using var response = await host.Dashboard.PostAsync("/api/resources/worker/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            host.RecordDescendants();
            var worker = (await host.ResourcesAsync()).Single(r => r.Name == "worker");
            if (worker is { State: "Running", Health: "Healthy" } && worker.Restarts == before.Restarts + 1 && worker.Pid != before.Pid)
            {
                Assert.False(ProcessTree.IsAlive(before.Pid!.Value), "the old worker process is still alive");
                output.WriteLine($"worker restarted: pid {before.Pid} → {worker.Pid}");
                break;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"worker is {worker.State}/{worker.Health}, restarts {worker.Restarts}");
            await Task.Delay(500);
        }
        var console = await host.Dashboard.GetFromJsonAsync<JsonElement>("/api/resources/worker/console?after=0");
        Assert.Contains(console.GetProperty("lines").EnumerateArray(),
            l => l.GetProperty("text").GetString()!.Contains("restart requested", StringComparison.Ordinal));
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
