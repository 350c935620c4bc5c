extern alias apphost;

using System.Text.Json;
using apphost::MelMage.AppHost.Servers;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary><c>bench-pipeline</c>, the benchmark behind the bulk path's throughput target, runs end to end on a small
/// batch and reports what it promises: both numbers, the ratio per round and the timeline. No speed is asserted.</summary>
[Collection(AppHostCollection.Name)]
public sealed class PipelineBenchmarkTests(ITestOutputHelper output)
{
    [PipelineFact]
    public async Task BenchPipeline_SmallBatch_ReportsRawAndEndToEndThroughputPerRound()
    {
        var dll = TestPaths.BuiltDll("MelMage.AppHost", "MelMage.AppHost.dll");

        var text = await ServerProcess.RunToCompletionAsync("dotnet",
        [
            dll, "bench-pipeline", "--clips", "8", "--batch", "4", "--rounds", "2", "--warm-up", "4",
            "--data", TestPaths.Esc50Dev, "--configuration", TestPaths.BuildConfiguration,
        ]);
        output.WriteLine(text);

        var json = JsonDocument.Parse(text.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith('{'))).RootElement;
        Assert.Equal(8, json.GetProperty("clips").GetInt32());
        Assert.True(json.GetProperty("rawClipsPerSecond").GetDouble() > 0);
        var rounds = json.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, r =>
        {
            Assert.True(r.GetProperty("endToEndClipsPerSecond").GetDouble() > 0);
            Assert.InRange(r.GetProperty("modelBusyFraction").GetDouble(), 0.01, 1.0);
        });
        Assert.Contains("timeline (ms after the 202): first forward starts at", text);
        Assert.Contains("model ms each:", text);
    }
}
