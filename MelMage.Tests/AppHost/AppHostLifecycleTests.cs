using System.Diagnostics;
using System.Net.Http.Json;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary>The AppHost as a process, as a user runs it: ready on a fresh state folder, a second AppHost on the same
/// folder refused, SIGTERM stops everything (Postgres cleanly, before the AppHost exits), the data is there on the next start, and after a
/// SIGKILL of the AppHost nothing of it survives (Aspire's orchestrator notices and stops every resource).</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostLifecycleTests(ITestOutputHelper output)
{
    [PipelineFact]
    public async Task AppHost_StartRefuseSecondStopCleanlyRestartKeepsDataAndSigkillLeavesNothing()
    {
        var state = RunningSystem.NewStateDirectory();
        try
        {
            Guid jobId;
            var clock = Stopwatch.StartNew();
            await using (var host = await AppHostProcess.StartAsync(state))
            {
                output.WriteLine($"ready {clock.Elapsed.TotalSeconds:0.0} s after start (fresh state folder)");
                Assert.Matches("Login to the dashboard at http://127\\.0\\.0\\.1:\\d+/login\\?t=[0-9a-f]{32}", host.Output);
                Assert.StartsWith($"{host.Addresses.Dashboard}/login?t=", host.Addresses.DashboardLogin);

                var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
                jobId = (await host.Web.UploadJobAcceptedAsync(clip)).Id;
                Assert.Equal(JobStatusNames.Succeeded, (await host.Web.WaitForJobAsync(jobId, TimeSpan.FromMinutes(2))).Status);

                // One AppHost per state folder.
                var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ChildProcess.RunToCompletionAsync("dotnet",
                    [TestPaths.BuiltDll("MelMage.AppHost", "MelMage.AppHost.dll")],
                    new Dictionary<string, string> { ["MELMAGE_STATE_DIR"] = state }));
                output.WriteLine(refused.Message);
                Assert.Contains("exited with 3", refused.Message);
                Assert.Contains($"Another MelMage AppHost (process {host.Id}) is already running on the state folder", refused.Message);

                var stopping = Stopwatch.StartNew();
                Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
                // The AppHost stays until the orchestrator has stopped the servers (OrchestratorExit): when it exits,
                // Postgres is down and has removed its pid file.
                Assert.False(File.Exists(Path.Combine(state, "postgres", "pgdata", "postmaster.pid")),
                    "Postgres was still running when the AppHost exited");
                var gone = await host.WaitUntilNothingLeftAsync(TimeSpan.FromSeconds(30));
                output.WriteLine($"SIGTERM: AppHost exited after {stopping.Elapsed.TotalSeconds - gone.TotalSeconds:0.0} s, " +
                                 $"everything gone {stopping.Elapsed.TotalSeconds:0.0} s after the signal; {host.SeenDescendants.Count} processes seen");
                Assert.True(host.SeenDescendants.Count >= 10, $"only {host.SeenDescendants.Count} processes seen");
            }
            Assert.Contains("Database cluster state:               shut down", await ControlDataAsync(state));

            clock.Restart();
            await using (var again = await AppHostProcess.StartAsync(state))
            {
                output.WriteLine($"ready {clock.Elapsed.TotalSeconds:0.0} s after the second start (same state folder)");
                var job = (await again.Web.GetFromJsonAsync<JobResponse>($"/api/jobs/{jobId}"))!;
                Assert.Equal(JobStatusNames.Succeeded, job.Status);

                var killed = Stopwatch.StartNew();
                again.KillAppHostOnly();
                var gone = await again.WaitUntilNothingLeftAsync(TimeSpan.FromSeconds(60));
                output.WriteLine($"SIGKILL of the AppHost: everything gone after {gone.TotalSeconds:0.0} s");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static Task<string> ControlDataAsync(string state)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_controldata")).First(File.Exists);
        return ChildProcess.RunToCompletionAsync(bin, ["-D", Path.Combine(state, "postgres", "pgdata")]);
    }
}
