using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using MelMage.Worker.Gpu.Cli.PipelineBench;

namespace MelMage.Worker.Gpu.Cli;

/// <summary>
/// <c>bench-pipeline [--clips 200] [--batch 16] [--rounds 3] [--warm-up 64] [--data DIR] [--model DIR]
/// [--configuration Release]</c>: the bulk path's end-to-end throughput against the model's raw batched throughput.
/// Measures the raw number with this worker's <c>bench</c> (the better of two runs, before anything starts and again
/// after everything stopped, averaged); starts the whole system as a user does, the built AppHost on a fresh state
/// folder with one worker at batch size N; warms it up; then, in each round, uploads N distinct WAV clips as one batch
/// and reports upload → 202, 202 → all results stored, clips/s and the ratio to raw, how busy the model was, the CPU
/// each process used after the 202 and when each forward ran. The median round is the result; the last line is JSON.
/// Build first: <c>dotnet build MelMage.sln -c Release</c>.
/// </summary>
internal static class PipelineBenchCommand
{
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>();

    private static readonly string[] Options = ["clips", "batch", "rounds", "warm-up", "data", "model", "configuration"];

    public static int Run(CliArguments args, TextWriter output, TextWriter error)
    {
        args.RejectUnknown(Options);
        using var cancel = new CancellationTokenSource();
        // Ctrl-C or SIGTERM: stop the AppHost (and with it everything) instead of leaving it behind.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return RunAsync(args, output, error, cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            error.WriteLine("bench-pipeline: stopped.");
            return ExitCodes.Failed;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
    }

    private static async Task<int> RunAsync(CliArguments args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var clipCount = args.Int("clips", 200);
        var batch = args.Int("batch", 16);
        var warmUp = Math.Max(0, args.Int("warm-up", 64));
        var roundCount = Math.Max(1, args.Int("rounds", 3));
        if (clipCount < 1 || batch < 1) throw new CliException("--clips and --batch must be at least 1.");
        var root = RepositoryRoot();
        var configuration = args.String("configuration") ?? OwnConfiguration() ?? "Release";
        var model = args.String("model") is { } m ? Path.GetFullPath(m) : null;
        var data = args.String("data") ?? Path.Combine(root, "..", "shared", "data", "esc50-dev");
        var appHostDll = Path.Combine(root, "MelMage.AppHost", "bin", configuration, "net10.0", "MelMage.AppHost.dll");
        var workerDll = Path.Combine(AppContext.BaseDirectory, "melmage-worker.dll");
        foreach (var dll in new[] { appHostDll, workerDll })
        {
            if (!File.Exists(dll))
            {
                error.WriteLine($"{dll} is missing: run 'dotnet build MelMage.sln -c {configuration}' first.");
                return ExitCodes.Failed;
            }
        }
        var clips = LoadClips(data, clipCount);
        output.WriteLine($"clips: {clips.Count} ({clips.Sum(c => c.Content.Length) / 1048576.0:0.0} MB), batch size {batch}, model {model ?? "untrained"}");

        var engineArgs = model is null ? new[] { "--untrained" } : ["--model", model];
        var raw = await RawThroughputAsync(workerDll, batch, engineArgs, ct);
        output.WriteLine($"worker bench (raw batched model, batch {batch}): {raw:0.0} clips/s");

        var settings = new Dictionary<string, string>
        {
            // The AppHost passes its Worker section to every worker replica (WithWorkerSettings).
            ["Worker__BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
            [model is null ? "Worker__Untrained" : "Worker__ModelDirectory"] = model ?? "true",
            // ... and its WorkerLogging section as the worker's Logging: quiet, but for the "Analyzed N clips in X ms"
            // lines, which tell how busy the model was and (by their timestamps) when it ran.
            ["WorkerLogging__LogLevel__Default"] = "Warning",
            ["WorkerLogging__LogLevel__MelMage.Worker.Gpu.Results.ClipClassifier"] = "Information",
        };
        var rounds = new List<Round>();
        var apphost = AppHostRun.Start(appHostDll, root, settings);
        output.WriteLine($"AppHost started (process {apphost.Id}, state folder {apphost.StateDirectory})");
        await using (apphost)
        {
            try
            {
                await apphost.WaitForEndpointsAsync(TimeSpan.FromMinutes(5), ct);
                using var http = new HttpClient { BaseAddress = apphost.Api, Timeout = TimeSpan.FromMinutes(10) };
                using var dashboard = DashboardLogs.Client(apphost.Dashboard, apphost.DashboardApiKey);
                var logs = new DashboardLogs(dashboard, "worker");
                await WaitForWorkerAsync(http, apphost, TimeSpan.FromMinutes(5), ct);
                output.WriteLine($"system ready: api {apphost.Api}, dashboard {apphost.Dashboard}");

                // Warm-up, not timed: a service that has run a while (pools filled, caches warm) is what a bulk job meets.
                var clipsSent = 0;
                if (warmUp > 0)
                {
                    await RunBatchAsync(http, [.. LoadClips(data, warmUp).Select(c => (c.Name, Content: Perturb(c.Content, 0x5A)))], () => { }, output, ct);
                    clipsSent += warmUp;
                }
                var forwardsSoFar = (await logs.WaitForClipsAsync(clipsSent, LogTimeout, ct)).Count;

                var processes = FindProcesses(apphost, output);
                // Several rounds: single runs on a shared machine vary by ±10 %; the median round is reported.
                for (var r = 0; r < roundCount; r++)
                {
                    var roundClips = r == 0 ? clips : [.. clips.Select(c => (c.Name, Content: Perturb(c.Content, 0x20 + 2 * r)))];
                    double[] cpuAt202 = [];
                    var acceptedAt = DateTimeOffset.MinValue;
                    var (uploadSeconds, totalSeconds) = await RunBatchAsync(http, roundClips, () =>
                    {
                        acceptedAt = DateTimeOffset.UtcNow;
                        cpuAt202 = CpuSeconds(apphost, processes);
                    }, output, ct);
                    var cpuAfter = CpuSeconds(apphost, processes);
                    clipsSent += roundClips.Count;
                    var all = await logs.WaitForClipsAsync(clipsSent, LogTimeout, ct);
                    var forwards = all.Skip(forwardsSoFar).ToList();
                    forwardsSoFar = all.Count;
                    if (forwards.Sum(f => f.Size) < roundClips.Count)
                    {
                        output.WriteLine($"warning: the dashboard has forwards for {forwards.Sum(f => f.Size)} of {roundClips.Count} clips of this round");
                    }

                    var stored = totalSeconds - uploadSeconds;
                    var round = new Round(uploadSeconds, stored, clips.Count / stored, clips.Count / totalSeconds,
                        forwards.Sum(f => f.Ms) / 1000.0);
                    rounds.Add(round);
                    output.WriteLine($"round {r + 1}: upload → 202 {uploadSeconds:0.00} s, 202 → all {clips.Count} stored {stored:0.00} s = " +
                                     $"{round.ClipsPerSecond:0.0} clips/s; model busy {round.ModelSeconds / stored:0.00} of the time");
                    output.WriteLine($"  CPU after the 202 ({Environment.ProcessorCount} cores): " +
                                     string.Join(", ", processes.Names.Select((name, i) => $"{name} {cpuAfter[i] - cpuAt202[i]:0.0} s")));
                    output.WriteLine($"  batches: {string.Join(" ", forwards.GroupBy(f => f.Size).OrderByDescending(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}; " +
                                     $"model ms each: {string.Join(" ", forwards.Select(f => f.Ms))}");
                    output.WriteLine($"  timeline (ms after the 202): {Timeline(forwards, acceptedAt, stored)}");
                }
            }
            finally
            {
                var leftovers = await apphost.StopAsync(TimeSpan.FromSeconds(90));
                output.WriteLine(leftovers.Count == 0
                    ? $"AppHost stopped (SIGTERM); nothing it started is left ({apphost.StoppedAfter.TotalSeconds:0.0} s after its exit)"
                    : $"warning: killed what outlived the AppHost: {string.Join("; ", leftovers)}");
            }
        }

        // The raw number again, on the machine as quiet as before: with the (idle) services still running, `bench`
        // measured 5-8 % less, which would flatter the ratio.
        var rawAfter = await RawThroughputAsync(workerDll, batch, engineArgs, ct);
        output.WriteLine($"worker bench again after the run: {rawAfter:0.0} clips/s");
        raw = (raw + rawAfter) / 2;

        var median = rounds.OrderBy(r => r.ClipsPerSecond).ElementAt(rounds.Count / 2);
        output.WriteLine($"end to end (202 → stored), median of {rounds.Count} rounds: {median.ClipsPerSecond:0.0} clips/s = " +
                         $"{median.ClipsPerSecond / raw:0.000} × raw batched throughput {raw:0.0} (target ≥ 0.90); rounds " +
                         string.Join(" ", rounds.Select(r => (r.ClipsPerSecond / raw).ToString("0.000", CultureInfo.InvariantCulture))));
        var medianWithUpload = rounds.OrderBy(r => r.WithUploadClipsPerSecond).ElementAt(rounds.Count / 2);
        output.WriteLine($"including the upload (upload start → stored), median: {medianWithUpload.WithUploadClipsPerSecond:0.0} clips/s = " +
                         $"{medianWithUpload.WithUploadClipsPerSecond / raw:0.000} × raw; rounds " +
                         string.Join(" ", rounds.Select(r => (r.WithUploadClipsPerSecond / raw).ToString("0.000", CultureInfo.InvariantCulture))));
        output.WriteLine(JsonSerializer.Serialize(new
        {
            clips = clips.Count,
            batch,
            rawClipsPerSecond = Math.Round(raw, 1),
            rounds = rounds.Select(r => new
            {
                endToEndClipsPerSecond = Math.Round(r.ClipsPerSecond, 1),
                ratio = Math.Round(r.ClipsPerSecond / raw, 3),
                uploadSeconds = Math.Round(r.Upload, 2),
                storedSeconds = Math.Round(r.Seconds, 2),
                modelBusyFraction = Math.Round(r.ModelSeconds / r.Seconds, 3),
                withUploadClipsPerSecond = Math.Round(r.WithUploadClipsPerSecond, 1),
                ratioWithUpload = Math.Round(r.WithUploadClipsPerSecond / raw, 3),
            }),
            medianRatio = Math.Round(median.ClipsPerSecond / raw, 3),
            medianEndToEndClipsPerSecond = Math.Round(median.ClipsPerSecond, 1),
            medianRatioWithUpload = Math.Round(medianWithUpload.WithUploadClipsPerSecond / raw, 3),
        }));
        return ExitCodes.Ok;
    }

    /// <summary>How long the worker's log records may take to reach the dashboard (the exporter sends about once a
    /// second; a busy machine delays it).</summary>
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(60);

    private sealed record Round(double Upload, double Seconds, double ClipsPerSecond, double WithUploadClipsPerSecond, double ModelSeconds);

    private sealed record SystemProcesses(string[] Names, List<int>[] Pids);

    /// <summary>The worker is ready when the API lists a model: the worker registers its model once it is loaded.</summary>
    private static async Task WaitForWorkerAsync(HttpClient http, AppHostRun apphost, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            apphost.RecordDescendants();
            try
            {
                var models = await http.GetFromJsonAsync<JsonElement>("/api/models", ct);
                if (models.ValueKind == JsonValueKind.Array && models.GetArrayLength() > 0) return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No model listed by the API after {timeout.TotalSeconds:0} s:\n{apphost.OutputTail()}");
            await Task.Delay(1000, ct);
        }
    }

    /// <summary>The system's processes below the AppHost and DCP (which runs every resource), by program and command
    /// line; the servers themselves, not the <c>sh</c>/<c>dotnet run</c> around them. The last entry is the rest of
    /// those trees: the AppHost, DCP and its process monitors, the dashboard (which receives every service's
    /// telemetry), epmd and the web host.</summary>
    private static SystemProcesses FindProcesses(AppHostRun apphost, TextWriter output)
    {
        var table = apphost.RecordDescendants();
        var state = apphost.StateDirectory;
        var found = new (string Name, Func<ProcessTable.Entry, bool> Match)[]
        {
            ("worker", e => e.CommandLine.Contains("melmage-worker", StringComparison.Ordinal) && !e.Arguments.Contains("migrate")),
            ("api", e => e.CommandLine.Contains("MelMage.Api", StringComparison.Ordinal)),
            ("postgres", e => e.Program == "postgres" && e.CommandLine.Contains($"-D {state}", StringComparison.Ordinal)),
            ("rabbitmq", e => e.Program == "beam.smp" && e.CommandLine.Contains(state, StringComparison.Ordinal)),
            ("redis", e => e.Name == "redis-server" || e.Program.StartsWith("redis-server", StringComparison.Ordinal)),
        }.Select(p => (p.Name, Pids: table.Innermost(apphost.Roots(table), p.Match))).ToList();
        foreach (var (name, _) in found.Where(f => f.Pids.Count == 0)) output.WriteLine($"warning: no {name} process found below the AppHost or DCP");
        output.WriteLine("processes: " + string.Join(", ", found.Select(f => $"{f.Name} {string.Join("+", f.Pids)}")) +
                         $"; AppHost and DCP {string.Join("+", apphost.Roots(table))}");
        return new SystemProcesses([.. found.Select(f => f.Name), "AppHost/DCP/dashboard/web"], [.. found.Select(f => f.Pids)]);
    }

    private static double[] CpuSeconds(AppHostRun apphost, SystemProcesses processes)
    {
        var table = ProcessTable.Read();
        var each = processes.Pids.Select(table.CpuSecondsOfTrees).ToList();
        var everything = table.CpuSecondsOfTrees(apphost.Roots(table));
        return [.. each, everything - each.Sum()];
    }

    /// <summary>Uploads one batch; seconds from the upload's start until the 202, and until the last result was stored.</summary>
    private static async Task<(double Upload, double Total)> RunBatchAsync(HttpClient http,
        IReadOnlyList<(string Name, byte[] Content)> clips, Action accepted, TextWriter output, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in clips)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(part, "files", name);
        }
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/api/batches", form, ct);
        response.EnsureSuccessStatusCode();
        var upload = watch.Elapsed.TotalSeconds;
        var acceptedAt = DateTimeOffset.UtcNow;
        accepted();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        while (true)
        {
            var batch = await http.GetFromJsonAsync<JsonElement>($"/api/batches/{id}", ct);
            if (batch.GetProperty("progress").GetDouble() >= 1.0)
            {
                var failed = batch.GetProperty("failed").GetInt32();
                if (failed > 0) output.WriteLine($"warning: {failed} jobs failed");
                // completedAt is when the last result was stored (the worker's clock, the same machine's), so the
                // client's polling interval does not enter the number.
                var stored = (batch.GetProperty("completedAt").GetDateTimeOffset() - acceptedAt).TotalSeconds;
                return (upload, upload + stored);
            }
            await Task.Delay(500, ct); // a client's pace; the times come from the server
        }
    }

    /// <summary>When each forward ran, from the worker's log records (UTC, same machine): the wait before the first
    /// one, the gaps between them, and the time from the last one to the last result stored.</summary>
    private static string Timeline(List<ForwardRecord> forwards, DateTimeOffset acceptedAt, double windowSeconds)
    {
        if (forwards.Count == 0) return "no batches";
        var spans = forwards.Select(f => (Start: (f.End - acceptedAt).TotalMilliseconds - f.Ms, End: (f.End - acceptedAt).TotalMilliseconds)).ToList();
        var gaps = spans.Zip(spans.Skip(1), (a, b) => Math.Max(0, b.Start - a.End)).ToList();
        return $"first forward starts at {spans[0].Start:0}, gaps between forwards {string.Join(" ", gaps.Select(g => g.ToString("0", CultureInfo.InvariantCulture)))} " +
               $"(sum {gaps.Sum():0}), last forward ends at {spans[^1].End:0}, last result stored at {windowSeconds * 1000:0}";
    }

    /// <summary>This worker's <c>bench</c> at this batch size, run twice as its own process; the better run counts
    /// (interference from other tenants of the machine only ever slows a run down, and one slowed run would flatter
    /// the ratio).</summary>
    private static async Task<double> RawThroughputAsync(string workerDll, int batch, string[] engineArgs, CancellationToken ct)
    {
        var best = 0.0;
        for (var i = 0; i < 2; i++)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { workerDll, "bench", "--batch", batch.ToString(CultureInfo.InvariantCulture), "--iterations", "40", "--no-train" }.Concat(engineArgs))
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var text = await stdout;
            var json = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
            if (process.ExitCode != 0 || json is null)
            {
                throw new InvalidOperationException($"'bench' failed ({process.ExitCode}):\n{text}\n{await stderr}");
            }
            best = Math.Max(best, JsonDocument.Parse(json).RootElement.GetProperty("clipsPerSecond").GetDouble());
        }
        return best;
    }

    /// <summary>N distinct clips: the folder's WAV files (ESC-50 layout or flat), cycled with a one-sample change when
    /// there are fewer than N, so that none is answered from the content cache.</summary>
    private static List<(string Name, byte[] Content)> LoadClips(string data, int count)
    {
        var folder = Directory.Exists(Path.Combine(data, "audio")) ? Path.Combine(data, "audio") : data;
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0) throw new CliException($"No WAV files in {folder} (pass --data).");
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var content = File.ReadAllBytes(files[i % files.Length]);
            return ($"{i:000}-{Path.GetFileName(files[i % files.Length])}", i < files.Length ? content : Perturb(content, i));
        })];
    }

    private static byte[] Perturb(byte[] content, int salt = 1)
    {
        var copy = (byte[])content.Clone();
        copy[^1] ^= (byte)(salt | 1);
        return copy;
    }

    /// <summary>bin/CONFIG/net10.0 of this worker: the AppHost built beside it is the one to run.</summary>
    private static string? OwnConfiguration()
    {
        var dir = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        return dir.Parent is { Parent.Name: "bin" } config ? config.Name : null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MelMage.sln"))) return dir.FullName;
        }
        throw new CliException("MelMage.sln not found above " + AppContext.BaseDirectory + ": run bench-pipeline from a built checkout.");
    }
}
