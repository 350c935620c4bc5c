extern alias apphost;

using System.Net.Http.Json;
using apphost::MelMage.AppHost.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary>The real AppHost, started once through Aspire.Hosting.Testing: what services receive, one upload through
/// the web page's address traced end to end in the Aspire dashboard, the operator commands, and a restart.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class AppHostSystemTests(RunningSystem system, ITestOutputHelper output)
{
    [PipelineFact]
    public async Task Services_ReceiveConnectionStringsAsAspireInjectsThem()
    {
        output.WriteLine($"every resource healthy {system.StartedIn.TotalSeconds:0.0} s after the AppHost started");
        var model = system.App.Services.GetRequiredService<DistributedApplicationModel>();
        var api = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
#pragma warning disable CS0618 // the testing helper that resolves a resource's environment as DCP will
        var environment = await api.GetEnvironmentVariableValuesAsync();
        Assert.Matches("^Host=localhost;Port=\\d+;Username=postgres;Password=[0-9a-f]{32};Database=melmage$", environment["ConnectionStrings__melmage"]);
        Assert.Matches("^localhost:\\d+,password=[0-9a-f]{32}$", environment["ConnectionStrings__redis"]);
        Assert.Matches("^amqp://melmage:[0-9a-f]{32}@localhost:\\d+$", environment["ConnectionStrings__rabbitmq"]);
        Assert.StartsWith("http://", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        var web = await model.Resources.OfType<ProjectResource>().Single(r => r.Name == "web").GetEnvironmentVariableValuesAsync();
#pragma warning restore CS0618
        Assert.StartsWith("http://", web["services__api__http__0"]);
        Assert.DoesNotContain(web.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));

        // The passwords the servers were created with live in the state folder, readable by its owner only.
        var secrets = Path.Combine(system.StateDirectory, "secrets.json");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        Assert.True(File.Exists(Path.Combine(system.StateDirectory, "postgres", "pgdata", "PG_VERSION")));
    }

    [PipelineFact]
    public async Task Upload_ThroughTheWebAddress_IsOneTraceFromWebToWorkerInTheDashboard()
    {
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
        var accepted = await system.Web.UploadJobAcceptedAsync(clip, "4-182395-A-0.wav");
        var job = await system.Web.WaitForJobAsync(accepted.Id, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatusNames.Succeeded, job.Status);

        var traceId = await system.Telemetry.TraceOfJobAsync(accepted.Id, TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); // the worker's Redis spans arrive up to 10 s late
        List<TelemetryApi.Span> trace;
        do
        {
            trace = await system.Telemetry.SpansAsync($"/api/telemetry/traces/{traceId}");
            if (trace.Any(s => s.Service == "worker" && s.Scope.Contains("StackExchangeRedis", StringComparison.Ordinal))) break;
            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);
        foreach (var span in trace) output.WriteLine($"{span.Service,-7} {span.Scope,-50} {span.Name}");

        var root = Assert.Single(trace.Roots());
        Assert.Equal(("web", "POST /api/{**rest}"), (root.Service, root.Name));
        Assert.Contains(trace, s => s is { Service: "api", Name: "Store uploads" });
        Assert.Contains(trace, s => s is { Service: "api", Scope: "MassTransit" } && s.Name.Contains("send", StringComparison.Ordinal));
        Assert.Contains(trace, s => s is { Service: "worker", Scope: "MassTransit" } && s.Name.Contains("receive", StringComparison.Ordinal));
        Assert.Contains(trace, s => s is { Service: "worker", Scope: "Npgsql" });
        Assert.Contains(trace, s => s is { Service: "worker", Name: "forward" });
        Assert.Contains(trace, s => s.Service == "worker" && s.Scope.Contains("StackExchangeRedis", StringComparison.Ordinal));
    }

    [PipelineFact]
    public async Task IdleSystem_HealthProbesAndPollsLeaveNoTraces()
    {
        // What the previous test asked for reaches the dashboard within an export interval (Redis spans: 10 s).
        await Task.Delay(TimeSpan.FromSeconds(12));
        var before = (await system.Telemetry.SpansAsync("/api/telemetry/traces?limit=10000")).Select(s => s.TraceId).ToHashSet();
        // Several rounds of the AppHost's health probes and of the outbox and batch polls (every 2 s).
        await Task.Delay(TimeSpan.FromSeconds(15));
        var after = await system.Telemetry.SpansAsync("/api/telemetry/traces?limit=10000");
        var fresh = after.Where(s => !before.Contains(s.TraceId)).ToList();
        foreach (var span in fresh) output.WriteLine($"{span.Service} {span.Scope} {span.Name}");
        Assert.Empty(fresh);
    }

    [PipelineFact]
    public async Task FlushVisualizationsCommand_EmptiesTheCache()
    {
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-159609-A-14.wav"));
        var job = await system.Web.WaitForJobAsync((await system.Web.UploadJobAcceptedAsync(clip)).Id, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await system.App.GetConnectionStringAsync("redis") + ",allowAdmin=true");
        var server = redis.GetServers().Single();
        Assert.NotEmpty(server.Keys(pattern: "melmage:viz:*"));

        var result = await system.App.ResourceCommands.ExecuteCommandAsync("redis", MelMageResources.FlushVisualizationsCommand);

        Assert.True(result.Success, result.Message);
        output.WriteLine(result.Message);
        Assert.Empty(server.Keys(pattern: "melmage:viz:*"));
        // The page still gets its visualization: the API has it recomputed.
        using var visualization = await system.Web.GetAsync($"/api/jobs/{job.Id}/visualization");
        Assert.True(visualization.IsSuccessStatusCode, $"visualization answered {(int)visualization.StatusCode}");
    }

    [PipelineFact]
    public async Task RequeueFailedCommand_ClassifiesFailedJobsAgain()
    {
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("1-100032-A-0.wav"));
        var id = (await system.Web.UploadJobAcceptedAsync(clip)).Id;
        Assert.Equal(JobStatusNames.Succeeded, (await system.Web.WaitForJobAsync(id, TimeSpan.FromMinutes(2))).Status);
        // As if the worker had given up on it.
        await using (var db = new NpgsqlConnection(await system.App.GetConnectionStringAsync("melmage")))
        {
            await db.OpenAsync();
            await using var fail = new NpgsqlCommand(
                "DELETE FROM predictions WHERE job_id = @id; " +
                "UPDATE jobs SET status = 'failed', error_code = 'test', error_message = 'made to fail' WHERE id = @id", db);
            fail.Parameters.AddWithValue("id", id);
            Assert.Equal(2, await fail.ExecuteNonQueryAsync());
        }
        Assert.Equal(JobStatusNames.Failed, (await system.Web.GetFromJsonAsync<JobResponse>($"/api/jobs/{id}"))!.Status);

        var result = await system.App.ResourceCommands.ExecuteCommandAsync("api", MelMageResources.RequeueFailedCommand);

        Assert.True(result.Success, result.Message);
        Assert.Matches("^Re-queued [1-9]\\d* failed jobs\\.$", result.Message);
        var again = await system.Web.WaitForJobAsync(id, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatusNames.Succeeded, again.Status);
        Assert.Null(again.Error);
    }

    [PipelineFact]
    public async Task OperatorKey_FromSecretsJson_OpensOperatorEndpoints_WhichRefuseWithoutIt()
    {
        using var anonymous = await system.Web.GetAsync("/api/jobs");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        wrong.Headers.Add("X-Api-Key", "not-the-key");
        using var refused = await system.Web.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        right.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", system.OperatorKey);
        using var accepted = await system.Web.SendAsync(right);

        Assert.Equal(401, (int)anonymous.StatusCode);
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Equal(200, (int)accepted.StatusCode);
    }

    [PipelineFact]
    public async Task Api_AnswersCorsForTheWebOriginOnly()
    {
        using var api = new HttpClient { BaseAddress = system.ApiAddress };
        async Task<bool> AllowedAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            using var response = await api.SendAsync(preflight);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin;
        }

        Assert.True(await AllowedAsync(system.WebAddress.GetLeftPart(UriPartial.Authority)));
        Assert.False(await AllowedAsync("http://evil.example"));
    }

    [PipelineFact]
    public async Task RestartApi_ComesBackHealthyAndServesTheWebAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // The instance to be replaced. DCP stamps start times on its own clock, which can be coarser than ours
        // (ServerControl allows a second for it), so "started after the restart command" can read false for a
        // quick restart; "started at another time than the old instance" does not depend on either clock.
        var before = await system.App.ResourceNotifications.WaitForResourceAsync("api", e =>
            e.Snapshot.StartTimeStamp is not null && e.Snapshot.HealthStatus == HealthStatus.Healthy, timeout.Token);
        var result = await system.App.ResourceCommands.ExecuteCommandAsync("api", KnownResourceCommands.RestartCommand);
        Assert.True(result.Success, result.Message);

        await system.App.ResourceNotifications.WaitForResourceAsync("api", e =>
            e.Snapshot.StartTimeStamp is { } started && started != before.Snapshot.StartTimeStamp
            && e.Snapshot.HealthStatus == HealthStatus.Healthy, timeout.Token);
        using var jobs = await system.Web.GetAsync("/api/jobs/mine");
        Assert.True(jobs.IsSuccessStatusCode, $"after the restart /api/jobs/mine answered {(int)jobs.StatusCode}");
    }
}
