using System.Diagnostics;
using System.Text.Json;
using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Contracts.Api;
using MelMage.Contracts.Messages;
using MelMage.Contracts.Visualization;
using MelMage.Data;
using MelMage.Data.Entities;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MelMage.Worker.Gpu.Results;

/// <summary>
/// The worker's side of a batch of jobs: skip finished ones (redelivery), mark the rest processing, answer identical
/// audio from stored predictions, decode, run the model once for all new audio, cache visualizations in Redis, and
/// store predictions and final statuses in one transaction. The worker owns every write after the job is queued.
/// Commands are grouped by the model they name; each group is one pass through that model.
/// </summary>
public sealed partial class ClipClassifier(
    MelMageDbContext db,
    ClipAnalyzers analyzers,
    IConnectionMultiplexer redis,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<ClipClassifier> logger)
{
    public async Task<IReadOnlyList<JobOutcome>> ClassifyAsync(IReadOnlyList<ClassifyClip> commands,
        CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<Guid, JobOutcome>();
        foreach (var group in commands.GroupBy(c => string.IsNullOrEmpty(c.Model) ? analyzers.Catalog.Default.Name : c.Model))
        {
            var ids = group.Select(c => c.JobId).Distinct().ToList();
            if (analyzers.Find(group.Key) is not { } served)
            {
                // Only a worker without this model's folder gets here (the API accepts names some worker registered).
                var reason = $"This worker does not have model '{group.Key}'; it serves {analyzers.InstalledNames}.";
                await FailAsync(ids, "UnknownModel", reason, cancellationToken);
                foreach (var id in ids) outcomes[id] = new JobOutcome.Failed(id, "UnknownModel", reason);
                continue;
            }
            foreach (var outcome in await ClassifyWithAsync(served.Model.Name, served.Analyzer, group.ToList(), cancellationToken))
            {
                outcomes[outcome.JobId] = outcome;
            }
        }
        return commands.Select(c => c.JobId).Distinct().Select(id => outcomes[id]).ToList();
    }

    private async Task<IReadOnlyList<JobOutcome>> ClassifyWithAsync(string modelName, IClipAnalyzer analyzer,
        IReadOnlyList<ClassifyClip> commands, CancellationToken cancellationToken)
    {
        var model = analyzer.Model.ServedVersion; // keys stored answers: see ModelInfo.ServedVersion
        var started = clock.GetUtcNow();
        var ids = commands.Select(c => c.JobId).Distinct().ToList();
        var outcomes = new Dictionary<Guid, JobOutcome>();

        // 1. Load; finished jobs are skipped (idempotency: a redelivered command does nothing).
        List<Job> jobs;
        using (WorkerTelemetry.ActivitySource.StartActivity("db load jobs"))
        {
            jobs = await db.Jobs.AsNoTracking()
                .Where(j => ids.Contains(j.Id) && (j.Status == JobStatus.Queued || j.Status == JobStatus.Processing))
                .ToListAsync(cancellationToken);
        }
        foreach (var id in ids.Where(id => jobs.All(j => j.Id != id))) outcomes[id] = new JobOutcome.Skipped(id);
        if (jobs.Count == 0) return ids.Select(id => outcomes[id]).ToList();

        var pendingIds = jobs.Select(j => j.Id).ToList();
        using (WorkerTelemetry.ActivitySource.StartActivity("db mark processing"))
        {
            await db.Jobs.Where(j => pendingIds.Contains(j.Id) && j.Status != JobStatus.Succeeded && j.Status != JobStatus.Failed)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Processing)
                    .SetProperty(j => j.StartedAt, started)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
        }
        foreach (var command in commands)
        {
            WorkerTelemetry.QueueWait.Record((started - command.AcceptedAt).TotalMilliseconds);
        }
        var queueMs = commands.ToDictionary(c => c.JobId, c => Math.Max(0, (started - c.AcceptedAt).TotalMilliseconds));

        // 2. Identical audio already answered by this model: copy its stored result, run nothing.
        var hashes = jobs.Select(j => j.ContentSha256).Distinct().ToList();
        Dictionary<string, string> known;
        using (WorkerTelemetry.ActivitySource.StartActivity("cache lookup predictions"))
        {
            known = (await db.Predictions.AsNoTracking()
                    .Where(p => hashes.Contains(p.ContentSha256) && p.ModelVersion == model)
                    .Select(p => new { p.ContentSha256, p.ResultJson })
                    .ToListAsync(cancellationToken))
                .GroupBy(p => p.ContentSha256)
                .ToDictionary(g => g.Key, g => g.First().ResultJson);
        }
        foreach (var job in jobs.Where(j => known.ContainsKey(j.ContentSha256)))
        {
            var earlier = JsonSerializer.Deserialize<JobResult>(known[job.ContentSha256], JsonSerializerOptions.Web)!;
            outcomes[job.Id] = new JobOutcome.Succeeded(job.Id, earlier with
            {
                Model = modelName,
                FromCache = true,
                Timings = new ResultTimings(queueMs.GetValueOrDefault(job.Id), 0, 0, 0, 0, 0, 0),
            });
        }

        // 3. Load the new audio (each distinct content once), then, holding the model gate (below), decode it (bad
        // audio fails its job for good) and 4. run the model once for all of it.
        var toRun = jobs.Where(j => !known.ContainsKey(j.ContentSha256)).ToList();
        if (toRun.Count > 0)
        {
            Dictionary<string, (DecodedAudio Audio, double DecodeMs)> decoded;
            var order = new List<string>();
            IReadOnlyList<ClipAnalysis> analyses = [];
            var uploads = await LoadUploadsAsync(toRun, cancellationToken);
            await ModelGate.WaitAsync(cancellationToken);
            try
            {
                decoded = Decode(toRun, uploads, outcomes, queueMs, model);
                order.AddRange(decoded.Keys);
                if (order.Count > 0) analyses = Analyze(analyzer, order.Select(h => decoded[h].Audio).ToList());
            }
            finally
            {
                ModelGate.Release();
            }

            // 5. Visualizations to Redis before the status says succeeded.
            if (order.Count > 0)
            {
                byte[][] visualizations;
                using (WorkerTelemetry.ActivitySource.StartActivity("encode visualizations"))
                {
                    visualizations = analyses.AsParallel().AsOrdered()
                        .Select(a => VisualizationCodec.ToJson(ResultMapper.ToVisualization(a)))
                        .ToArray();
                }
                await CacheVisualizationsAsync(order.Select((h, i) => (VisualizationCacheKey.For(analyses[i].ModelVersion, h), visualizations[i])));
                var byHash = order.Select((h, i) => (h, analyses[i])).ToDictionary(x => x.h, x => x.Item2);
                foreach (var job in toRun.Where(j => byHash.ContainsKey(j.ContentSha256)))
                {
                    var (_, decodeMs) = decoded[job.ContentSha256];
                    outcomes[job.Id] = new JobOutcome.Succeeded(job.Id,
                        ResultMapper.ToJobResult(byHash[job.ContentSha256], queueMs.GetValueOrDefault(job.Id), decodeMs,
                            fromCache: job.Id != toRun.First(j => j.ContentSha256 == job.ContentSha256).Id)
                        with { Notes = decoded[job.ContentSha256].Audio.Notes, Model = modelName });
                }
            }
        }

        // Silent clips are answered without running the model, but in its name too.
        foreach (var (id, outcome) in outcomes.ToList())
        {
            if (outcome is JobOutcome.Succeeded { Result.Model: null } s) outcomes[id] = s with { Result = s.Result with { Model = modelName } };
        }
        await StoreAsync(jobs, outcomes, cancellationToken);
        return ids.Select(id => outcomes[id]).ToList();
    }

    /// <summary>Marks jobs failed (retries exhausted); only those not finished yet.</summary>
    public async Task FailAsync(IReadOnlyList<Guid> jobIds, string code, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = reason.Length > 2000 ? reason[..2000] : reason;
        await db.Jobs.Where(j => jobIds.Contains(j.Id) && j.Status != JobStatus.Succeeded && j.Status != JobStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Failed)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.ErrorCode, code)
                .SetProperty(j => j.ErrorMessage, message), cancellationToken);
        WorkerTelemetry.Jobs.Add(jobIds.Count, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    /// <summary>
    /// One batch at a time decodes its audio and runs the forward. Around it, the next batch reads its rows and
    /// uploads, and the previous one encodes its visualizations and stores its results: on a CPU the forward takes
    /// every core, so what overlaps it is kept to I/O and short bursts (decoding and gzip used to overlap too, and
    /// slowed forwards by more than they saved; docs/pipeline.md). The wait for the gate is kept out of the measured
    /// inference time.
    /// </summary>
    private static readonly SemaphoreSlim ModelGate = new(1, 1);

    private async Task<List<JobUpload>> LoadUploadsAsync(List<Job> toRun, CancellationToken cancellationToken)
    {
        var firstIds = toRun.GroupBy(j => j.ContentSha256).Select(g => g.First().Id).ToList();
        using var activity = WorkerTelemetry.ActivitySource.StartActivity("db load uploads");
        return await db.JobUploads.AsNoTracking().Where(u => firstIds.Contains(u.JobId)).ToListAsync(cancellationToken);
    }

    private Dictionary<string, (DecodedAudio Audio, double DecodeMs)> Decode(List<Job> toRun, List<JobUpload> uploads,
        Dictionary<Guid, JobOutcome> outcomes, Dictionary<Guid, double> queueMs, string model)
    {
        var settings = options.Value;
        var decoded = new Dictionary<string, (DecodedAudio Audio, double DecodeMs)>();
        var hashByJob = toRun.ToDictionary(j => j.Id, j => j.ContentSha256);
        using var decodeActivity = WorkerTelemetry.ActivitySource.StartActivity("decode");
        foreach (var upload in uploads)
        {
            var hash = hashByJob[upload.JobId];
            var watch = Stopwatch.StartNew();
            try
            {
                var audio = AudioDecoder.Decode(upload.Content, settings.DecodeOptions);
                AudioChecks.Validate(audio, settings.CheckOptions);
                if (AudioChecks.Silence(audio, settings.CheckOptions) is { } silence)
                {
                    // Silence gets a plain answer, not a top-3 that looks confident; the model does not run.
                    foreach (var job in toRun.Where(j => j.ContentSha256 == hash))
                    {
                        outcomes[job.Id] = new JobOutcome.Succeeded(job.Id,
                            ResultMapper.ToSilentResult(audio, silence, model, queueMs.GetValueOrDefault(job.Id),
                                watch.Elapsed.TotalMilliseconds));
                    }
                    continue;
                }
                decoded[hash] = (audio, watch.Elapsed.TotalMilliseconds);
            }
            catch (InvalidAudioException ex)
            {
                foreach (var job in toRun.Where(j => j.ContentSha256 == hash))
                {
                    outcomes[job.Id] = new JobOutcome.Failed(job.Id, ex.Code.ToString(), ex.Message);
                }
            }
        }
        foreach (var job in toRun.Where(j => !decoded.ContainsKey(j.ContentSha256) && !outcomes.ContainsKey(j.Id)))
        {
            outcomes[job.Id] = new JobOutcome.Failed(job.Id, "MissingUpload", "The job's upload is no longer stored.");
        }
        return decoded;
    }

    private IReadOnlyList<ClipAnalysis> Analyze(IClipAnalyzer analyzer, IReadOnlyList<DecodedAudio> clips)
    {
        using var activity = WorkerTelemetry.ActivitySource.StartActivity("analyze");
        activity?.SetTag("melmage.batch_size", clips.Count);
        var start = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var analyses = analyzer.Analyze(clips);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        WorkerTelemetry.InferenceTime.Record(elapsed);
        WorkerTelemetry.BatchSize.Record(clips.Count);
        if (analyses.Count > 0)
        {
            // The engine shares batch stages equally between clips; the batch's own stage times are n × that.
            var t = analyses[0].Timings;
            var n = clips.Count;
            WorkerTelemetry.RecordStage("resample", start, t.ResampleMs * n);
            WorkerTelemetry.RecordStage("mel", start.AddMilliseconds(t.ResampleMs * n), t.MelMs * n);
            WorkerTelemetry.RecordStage("forward", start.AddMilliseconds((t.ResampleMs + t.MelMs) * n), t.ForwardMs * n);
            WorkerTelemetry.RecordStage("explain", start.AddMilliseconds((t.ResampleMs + t.MelMs + t.ForwardMs) * n), t.ExplainMs * n);
        }
        LogAnalyzed(clips.Count, elapsed);
        return analyses;
    }

    private async Task CacheVisualizationsAsync(IEnumerable<(string Key, byte[] Value)> encoded)
    {
        using var activity = WorkerTelemetry.ActivitySource.StartActivity("cache store visualizations");
        var ttl = TimeSpan.FromMinutes(options.Value.VisualizationTtlMinutes);
        var cache = redis.GetDatabase();
        var writes = encoded.Select(e => cache.StringSetAsync(e.Key, e.Value, ttl)).ToList();
        try
        {
            await Task.WhenAll(writes);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // The cache is not the record: the API asks a worker to recompute a missing visualization.
            LogCacheFailed(ex);
        }
    }

    private async Task StoreAsync(List<Job> jobs, Dictionary<Guid, JobOutcome> outcomes, CancellationToken cancellationToken)
    {
        using var activity = WorkerTelemetry.ActivitySource.StartActivity("db store results");
        var now = clock.GetUtcNow();
        var byId = jobs.ToDictionary(j => j.Id);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var outcome in outcomes.Values)
            {
                if (!byId.TryGetValue(outcome.JobId, out var job)) continue;
                switch (outcome)
                {
                    case JobOutcome.Succeeded s:
                        var json = JsonSerializer.Serialize(s.Result, JsonSerializerOptions.Web);
                        var top = s.Result.Top.Count > 0 ? s.Result.Top[0] : new LabelConfidence("", 0);
                        // The unique index on job_id makes a second row impossible; a redelivery inserts nothing.
                        await db.Database.ExecuteSqlAsync($"""
                            INSERT INTO predictions (job_id, model_name, model_version, content_sha256, top_label, top_confidence, result_json, from_cache, created_at)
                            VALUES ({job.Id}, {s.Result.Model}, {s.Result.ModelVersion}, {job.ContentSha256}, {top.Label}, {top.Confidence}, {json}::jsonb, {s.Result.FromCache}, {now})
                            ON CONFLICT (job_id) DO NOTHING
                            """, ct);
                        await db.Jobs.Where(j => j.Id == job.Id && j.Status != JobStatus.Succeeded)
                            .ExecuteUpdateAsync(u => u
                                .SetProperty(j => j.Status, JobStatus.Succeeded)
                                .SetProperty(j => j.CompletedAt, now)
                                .SetProperty(j => j.ErrorCode, (string?)null)
                                .SetProperty(j => j.ErrorMessage, (string?)null), ct);
                        break;
                    case JobOutcome.Failed f:
                        await db.Jobs.Where(j => j.Id == job.Id && j.Status != JobStatus.Succeeded)
                            .ExecuteUpdateAsync(u => u
                                .SetProperty(j => j.Status, JobStatus.Failed)
                                .SetProperty(j => j.CompletedAt, now)
                                .SetProperty(j => j.ErrorCode, f.Code)
                                .SetProperty(j => j.ErrorMessage, f.Reason), ct);
                        break;
                }
            }
            await transaction.CommitAsync(ct);
        }, cancellationToken);

        foreach (var outcome in outcomes.Values)
        {
            var name = outcome switch
            {
                JobOutcome.Succeeded { Result.FromCache: true } => "cached",
                JobOutcome.Succeeded => "succeeded",
                JobOutcome.Failed => "failed",
                _ => "skipped",
            };
            WorkerTelemetry.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", name));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analyzed {Count} clips in {ElapsedMs:0} ms")]
    private partial void LogAnalyzed(int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cache visualizations in Redis")]
    private partial void LogCacheFailed(Exception exception);
}
