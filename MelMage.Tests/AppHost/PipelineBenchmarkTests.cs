using System.Diagnostics;
using System.Text.Json;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary><c>bench-pipeline</c>, the worker's verb behind the bulk path's throughput target, runs end to end on a
/// small batch (it starts the built AppHost, so the whole system) and reports what it promises: both numbers, the ratio
/// per round and the timeline. No speed is asserted.</summary>
[Collection(AppHostCollection.Name)]
public sealed class PipelineBenchmarkTests(ITestOutputHelper output)
{
    [PipelineFact]
    public async Task BenchPipeline_SmallBatch_ReportsRawAndEndToEndThroughputPerRound()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        foreach (var arg in new[]
        {
            TestPaths.BuiltDll("MelMage.Worker.Gpu", "melmage-worker.dll"), "bench-pipeline", "--clips", "8", "--batch", "4",
            "--rounds", "2", "--warm-up", "4", "--data", TestPaths.Esc50Dev, "--configuration", TestPaths.BuildConfiguration,
        })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGKILL would leave the AppHost behind; the verb stops it on SIGTERM (as on Ctrl-C).
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
            throw;
        }
        var text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);
        Assert.Equal(0, process.ExitCode);

        var json = JsonDocument.Parse(text.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith('{'))).RootElement;
        Assert.Equal(8, json.GetProperty("clips").GetInt32());
        Assert.True(json.GetProperty("rawClipsPerSecond").GetDouble() > 0);
        var rounds = json.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, r =>
        {
            Assert.True(r.GetProperty("endToEndClipsPerSecond").GetDouble() > 0);
            Assert.True(r.GetProperty("withUploadClipsPerSecond").GetDouble() > 0);
            Assert.InRange(r.GetProperty("modelBusyFraction").GetDouble(), 0.01, 1.0);
        });
        Assert.Contains("timeline (ms after the 202): first forward starts at", text);
        Assert.Contains("model ms each:", text);
        Assert.Contains("nothing it started is left", text);
    }
}
