using System.Collections.Concurrent;
using System.Text;
using MelMage.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MelMage.Tests.Web;

/// <summary>MelMage.Api's HTTP contract (issue 4) answered from memory, so the page and the proxy can be tested
/// without the pipeline. Jobs move queued → processing → succeeded one poll at a time and a batch completes a quarter
/// per poll, so the page's waiting states are exercised too. The "answer" for an ESC-50 file name is its own target
/// class (…-0.wav is dog); the full-system tests use the real API instead.</summary>
public sealed class StandInApi : IAsyncDisposable
{
    public const string ModelVersion = "standin-resnet-1";

    /// <summary>The installed models: esc50 (the default, evaluated), esc10 (evaluated: the report of
    /// Fixtures/models) and scratch (never evaluated).</summary>
    public static readonly StandInModels Models = new();

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly ConcurrentDictionary<Guid, Batch> _batches = new();

    private StandInApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The model each job upload named (form field or query <c>model</c>); null when it named none.</summary>
    public ConcurrentQueue<string?> ModelRequests { get; } = new();

    /// <summary>The model each batch upload named; null when it named none.</summary>
    public ConcurrentQueue<string?> BatchModelRequests { get; } = new();
    public bool HasJob(Guid id) => _jobs.ContainsKey(id);

    /// <summary>Every file the API received: the name the page gave it and its first bytes.</summary>
    public ConcurrentQueue<(string FileName, byte[] Head, long Length)> Uploads { get; } = new();

    private sealed class Job(string fileName, double durationSeconds, Guid? batchId, string? clientToken = null, string model = "esc50")
    {
        public string Model { get; } = model;
        public string FileName { get; } = fileName;
        public string? ClientToken { get; } = clientToken;
        public double DurationSeconds { get; } = durationSeconds;
        public Guid? BatchId { get; } = batchId;
        public int Polls;
        public bool Done;
        public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;
    }

    private sealed record Batch(List<Guid> Jobs)
    {
        public int Polls;
    }

    public static async Task<StandInApi> StartAsync()
    {
        var port = WebTestPaths.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new StandInApi(app, new Uri($"http://127.0.0.1:{port}"));
        app.Use((context, next) =>
        {
            var token = context.Request.Headers["X-Client-Token"].ToString();
            api.Requests.Enqueue((context.Request.Path.Value ?? "", token.Length == 0 ? null : token));
            return next(context);
        });
        api.Map(app);
        await app.StartAsync();
        return api;
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/api/jobs", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var file = form.Files.GetFile("file");
            if (file is null) return Problem(400, "No file in the request", "Send the WAV file in the multipart field 'file'.");
            string? requested = form["model"].FirstOrDefault() ?? request.Query["model"].FirstOrDefault();
            ModelRequests.Enqueue(requested);
            var model = requested ?? StandInModels.Default;
            if (!Models.Names.Contains(model))
            {
                return Results.Problem(title: "Unknown model", statusCode: 400,
                    detail: $"There is no model '{model}'. Installed models: {string.Join(", ", Models.Names)}.",
                    extensions: new Dictionary<string, object?> { ["installed"] = Models.Names });
            }
            var (rejection, duration) = await ReceiveAsync(file);
            if (rejection is not null) return rejection;
            var id = Guid.NewGuid();
            _jobs[id] = new Job(file.FileName, duration, null, ClientTokenOf(request), model);
            return Results.Json(new { id, status = "queued" }, statusCode: 202);
        }).DisableAntiforgery();

        app.MapDelete("/api/jobs/{id:guid}", (Guid id) =>
            _jobs.TryRemove(id, out _) ? Results.NoContent() : Problem(404, "Unknown job", $"There is no job with id {id}."));

        app.MapDelete("/api/batches/{id:guid}", (Guid id) =>
        {
            if (!_batches.TryRemove(id, out var batch)) return Problem(404, "Unknown batch", $"There is no batch with id {id}.");
            foreach (var job in batch.Jobs) _jobs.TryRemove(job, out _);
            return Results.NoContent();
        });

        // As the API does: the jobs sent with this browser's client token, newest first.
        app.MapGet("/api/jobs/mine", (HttpRequest request) =>
        {
            var token = ClientTokenOf(request);
            if (token is null) return Results.Json(Array.Empty<object>());
            return Results.Json(_jobs.Where(j => j.Value.ClientToken == token).OrderByDescending(j => j.Value.CreatedAt)
                .Select(j => JobResponse(j.Key, j.Value, j.Value.Done ? "succeeded" : "processing")).ToList());
        });

        app.MapGet("/api/jobs/{id:guid}", (Guid id) =>
        {
            if (!_jobs.TryGetValue(id, out var job)) return Problem(404, "Unknown job", $"There is no job with id {id}.");
            var polls = Interlocked.Increment(ref job.Polls);
            if (job.BatchId is null && polls >= 3) job.Done = true;
            return Results.Json(JobResponse(id, job, job.Done ? "succeeded" : polls == 1 ? "queued" : "processing"));
        });

        app.MapGet("/api/jobs/{id:guid}/visualization", (Guid id) =>
        {
            if (!_jobs.TryGetValue(id, out var job)) return Problem(404, "Unknown job", $"There is no job with id {id}.");
            if (!job.Done) return Problem(409, "The job has no visualization yet", $"Job {id} has not succeeded yet.");
            var windowEnd = Math.Min(job.DurationSeconds, 5.0);
            return Results.Json(SyntheticVisualization.Create(Top(job.FileName).Select(t => t.Label).ToList(), job.DurationSeconds, 0, windowEnd));
        });

        app.MapPost("/api/batches", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            string? requested = form["model"].FirstOrDefault() ?? request.Query["model"].FirstOrDefault();
            BatchModelRequests.Enqueue(requested);
            var model = requested ?? StandInModels.Default;
            var accepted = new List<(string FileName, double Duration)>();
            var refused = new List<object>();
            foreach (var file in form.Files)
            {
                var (rejection, duration) = await ReceiveAsync(file);
                if (rejection is null) accepted.Add((file.FileName, duration));
                else refused.Add(new { fileName = file.FileName, code = "not_wav", detail = "It does not start with a RIFF/WAVE header." });
            }
            if (refused.Count > 0)
            {
                // As the API does: one bad file refuses the whole batch, listing each.
                return Results.Problem(title: "Some files are not valid WAV audio", statusCode: 400,
                    detail: $"{refused.Count} of {form.Files.Count} files were refused; nothing was stored.",
                    extensions: new Dictionary<string, object?> { ["files"] = refused });
            }
            if (accepted.Count == 0) return Problem(400, "No files in the request", "Send WAV files in multipart fields 'files'.");
            var batchId = Guid.NewGuid();
            var ids = accepted.Select(_ => Guid.NewGuid()).ToList();
            for (var i = 0; i < ids.Count; i++) _jobs[ids[i]] = new Job(accepted[i].FileName, accepted[i].Duration, batchId, null, model);
            _batches[batchId] = new Batch(ids);
            return Results.Json(new { id = batchId, total = ids.Count }, statusCode: 202);
        }).DisableAntiforgery();

        app.MapGet("/api/batches/{id:guid}", (Guid id) =>
        {
            if (!_batches.TryGetValue(id, out var batch)) return Problem(404, "Unknown batch", $"There is no batch with id {id}.");
            var polls = Interlocked.Increment(ref batch.Polls);
            var done = Math.Min(batch.Jobs.Count, (int)Math.Ceiling(batch.Jobs.Count * (polls - 1) / 4.0));
            for (var i = 0; i < done; i++) _jobs[batch.Jobs[i]].Done = true;
            var succeeded = batch.Jobs.Count(j => _jobs[j].Done);
            return Results.Json(new
            {
                id,
                total = batch.Jobs.Count,
                queued = batch.Jobs.Count - succeeded,
                processing = 0,
                succeeded,
                failed = 0,
                progress = (double)succeeded / batch.Jobs.Count,
                createdAt = DateTimeOffset.UtcNow,
                completedAt = succeeded == batch.Jobs.Count ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
            });
        });

        app.MapGet("/api/batches/{id:guid}/results", (Guid id, string? format) =>
        {
            if (!_batches.TryGetValue(id, out var batch)) return Problem(404, "Unknown batch", $"There is no batch with id {id}.");
            var rows = batch.Jobs.Select(j => (Id: j, Job: _jobs[j])).ToList();
            if (format == "csv")
            {
                var csv = new StringBuilder("job_id,file_name,status,label_1,confidence_1\n");
                foreach (var (jobId, job) in rows)
                {
                    var top = job.Done ? Top(job.FileName)[0] : null;
                    csv.Append($"{jobId},{job.FileName},{(job.Done ? "succeeded" : "queued")},{top?.Label},{top?.Confidence}\n");
                }
                return Results.Text(csv.ToString(), "text/csv");
            }
            return Results.Json(rows.Select(r => new
            {
                jobId = r.Id,
                fileName = r.Job.FileName,
                status = r.Job.Done ? "succeeded" : "queued",
                top = r.Job.Done ? Top(r.Job.FileName) : [],
                error = (object?)null,
            }));
        });

        app.MapGet("/api/models", () => Results.Json(Models.List()));

        app.MapGet("/api/models/{name}/evaluation", (string name) => Models.Evaluation(name) is { } report
            ? Results.Text(report, "application/json")
            : Problem(404, "Not evaluated", $"Model '{name}' ships no evaluation report."));

        app.MapGet("/api/training-runs", () => Results.Json(new[]
        {
            new
            {
                id = Guid.NewGuid(),
                status = "succeeded",
                modelVersion = ModelVersion,
                createdAt = DateTimeOffset.UtcNow.AddHours(-5),
                finishedAt = DateTimeOffset.UtcNow.AddHours(-2),
                metrics = new
                {
                    epochs = Enumerable.Range(1, 40).Select(e => new
                    {
                        epoch = e,
                        trainLoss = 3.9 * Math.Exp(-e / 9.0) + 0.45,
                        valLoss = 3.9 * Math.Exp(-e / 10.0) + 0.7,
                        trainAccuracy = 0.97 - 0.95 * Math.Exp(-e / 8.0),
                        valAccuracy = 0.84 - 0.82 * Math.Exp(-e / 9.0),
                    }),
                },
            },
        }));
    }

    private async Task<(IResult? Rejection, double DurationSeconds)> ReceiveAsync(IFormFile file)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        Uploads.Enqueue((file.FileName, bytes.Take(64).ToArray(), bytes.Length));
        if (bytes.Length < 44 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
        {
            // A broken WAV is 400; anything else is answered as a server without ffmpeg's formats would: 415, which
            // makes the page fall back to decoding in the browser.
            var riff = bytes.Length >= 4 && Encoding.ASCII.GetString(bytes, 0, 4) == "RIFF";
            return (riff
                ? Problem(400, "Malformed WAV file", $"{file.FileName} does not start with a RIFF/WAVE header, so it cannot be decoded.")
                : Problem(415, "The upload is not audio MelMage reads", $"{file.FileName} is not a WAV file."), 0);
        }
        var byteRate = BitConverter.ToInt32(bytes, 28);
        return (null, byteRate > 0 ? (bytes.Length - 44) / (double)byteRate : 0);
    }

    private object JobResponse(Guid id, Job job, string status) => new
    {
        id,
        status,
        model = job.Model,
        fileName = job.FileName,
        batchId = job.BatchId,
        createdAt = job.CreatedAt,
        completedAt = job.Done ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
        error = (object?)null,
        result = job.Done
            ? new
            {
                top = job.Model == StandInModels.Default ? (object)Top(job.FileName) : Models.Top(job.Model, job.FileName),
                windows = Windows(job),
                durationSeconds = job.DurationSeconds,
                sampleRate = 44100,
                model = job.Model,
                modelVersion = Models.Version(job.Model),
                fromCache = false,
                timings = new { queueMs = 12.5, decodeMs = 1.2, resampleMs = 0.0, melMs = 3.4, forwardMs = 41.0, explainMs = 60.2, totalMs = 118.3 },
            }
            : null,
    };

    private static List<object> Windows(Job job)
    {
        var windows = new List<object>();
        if (job.DurationSeconds <= 5) return windows;
        for (var start = 0.0; ; start += 2.5)
        {
            var last = start + 5 >= job.DurationSeconds;
            var from = last ? job.DurationSeconds - 5 : start;
            windows.Add(new { startSeconds = from, endSeconds = from + 5, top = Top($"x-{windows.Count * 7 % 50}.wav") });
            if (last) return windows;
        }
    }

    /// <summary>The ESC-50 target in the file name (…-41.wav is chainsaw) first, then two neighbours.</summary>
    private static List<LabelGuess> Top(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var target = int.TryParse(stem[(stem.LastIndexOf('-') + 1)..], out var t) && t is >= 0 and < 50
            ? t
            : stem.Sum(c => c) % 50;
        return
        [
            new(Esc50Labels.All[target], 0.81f),
            new(Esc50Labels.All[(target + 1) % 50], 0.11f),
            new(Esc50Labels.All[(target + 7) % 50], 0.04f),
        ];
    }

    private sealed record LabelGuess(string Label, float Confidence);

    /// <summary>Every request the page made and the client token it carried (null when none).</summary>
    public ConcurrentQueue<(string Path, string? ClientToken)> Requests { get; } = new();

    private static string? ClientTokenOf(HttpRequest request)
    {
        var token = request.Headers["X-Client-Token"].ToString();
        return token.Length == 0 ? null : token;
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
