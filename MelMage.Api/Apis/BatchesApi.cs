using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MelMage.Api.Access;
using MelMage.Api.Extensions;
using MelMage.Api.Models;
using MelMage.Api.Retention;
using MelMage.Api.Uploads;
using MelMage.Contracts.Api;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Apis;

public static class BatchesApi
{
    public static RouteGroupBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/batches").WithTags("Batches");

        api.MapPost("/", CreateBatch)
            .WithName("CreateBatch")
            .WithSummary("Upload many audio files (multipart fields 'files'; WAV, MP3, FLAC, Ogg, Opus, M4A, ...) or one ZIP of them to classify in bulk")
            .WithDescription("Every file is validated first; if any is malformed the whole batch is refused with a "
                             + "problem listing each bad file, and nothing is stored. model=NAME (query or form field) "
                             + "runs every file through that installed model; an unknown one is a 400 that lists them.")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();

        api.MapGet("/{id:guid}", GetBatch)
            .WithName("GetBatch")
            .WithSummary("Counts of the batch's jobs per status, and progress in [0, 1]");

        api.MapGet("/{id:guid}/results", GetResults)
            .WithName("GetBatchResults")
            .WithSummary("Every job of the batch with its top-3 answer or error, as JSON (default) or CSV (format=csv)")
            .Produces<BatchResultItem[]>(contentType: "application/json")
            .Produces<string>(contentType: "text/csv");

        api.MapDelete("/{id:guid}", DeleteBatch)
            .WithName("DeleteBatch")
            .WithSummary("Deletes a batch and every job in it at once: uploads, answers, cached visualizations (knowing the id is the permission)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteBatch(
        Guid id, UserDataDeletion deletion, CancellationToken cancellationToken) =>
        await deletion.DeleteBatchAsync(id, cancellationToken) ? TypedResults.NoContent() : JobsApi.NotFound("batch", id);

    public static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> CreateBatch(
        HttpRequest request, UploadValidator validator, JobIntake intake, InstalledModels models, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!ClientToken.TryHash(request, out var owner)) return ClientToken.Invalid();
        var (form, problem) = await FormReader.ReadAsync(request, limits.MaxBatchBytes, cancellationToken);
        if (problem is not null) return problem;
        var (model, unknown) = await models.ChooseAsync(JobsApi.RequestedModel(request, form!), cancellationToken);
        if (unknown is not null) return unknown;

        var files = new List<(string FileName, byte[] Content)>();
        foreach (var part in form!.Files)
        {
            var content = await JobsApi.ReadAllAsync(part, cancellationToken);
            if (IsZip(content))
            {
                if (ReadZip(content, limits, files) is { } zipProblem) return zipProblem;
            }
            else
            {
                files.Add((part.FileName, content));
            }
        }
        if (files.Count == 0)
        {
            return TypedResults.Problem(detail: "Send audio files (WAV, MP3, FLAC, Ogg, Opus, M4A, ...) in multipart fields 'files', or one ZIP of them.",
                statusCode: StatusCodes.Status400BadRequest, title: "No files in the request");
        }
        if (files.Count > limits.MaxBatchFiles)
        {
            return TypedResults.Problem(detail: $"A batch holds at most {limits.MaxBatchFiles} files; this one has {files.Count}.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many files");
        }

        var rejections = files.Select(f => validator.Check(f.Content, f.FileName)).OfType<UploadRejection>().ToList();
        if (rejections.Count > 0)
        {
            // One status for the whole refusal: the most specific the files agree on, else 400.
            var status = rejections.Select(r => r.Status).Distinct().Count() == 1 ? rejections[0].Status : StatusCodes.Status400BadRequest;
            return TypedResults.Problem(
                detail: $"{rejections.Count} of {files.Count} files were refused; nothing was stored. "
                        + string.Join(" ", rejections.Take(5).Select(r => $"{r.FileName}: {r.Detail}")),
                statusCode: status,
                title: "Some files are not valid audio",
                extensions: new Dictionary<string, object?>
                {
                    ["files"] = rejections.Select(r => new { fileName = r.FileName, code = r.Code, detail = r.Detail }).ToList(),
                });
        }

        var batchId = Guid.CreateVersion7();
        if (await intake.AcceptAsync(files, batchId, owner, model, cancellationToken) is null)
        {
            return BacklogFull.Problem(request.HttpContext, limits, files.Count);
        }
        return TypedResults.Accepted($"/api/batches/{batchId}", new BatchAccepted(batchId, files.Count));
    }

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> GetBatch(
        Guid id, MelMageDbContext db, CancellationToken cancellationToken)
    {
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (batch is null) return JobsApi.NotFound("batch", id);
        var counts = await db.Jobs.Where(j => j.BatchId == id)
            .GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), LastCompleted = g.Max(j => j.CompletedAt) })
            .ToListAsync(cancellationToken);
        int Count(JobStatus s) => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0;
        var done = Count(JobStatus.Succeeded) + Count(JobStatus.Failed);
        return TypedResults.Ok(new BatchResponse(batch.Id, batch.Total, Count(JobStatus.Queued), Count(JobStatus.Processing),
            Count(JobStatus.Succeeded), Count(JobStatus.Failed), batch.Total == 0 ? 1 : (double)done / batch.Total,
            batch.CreatedAt, done == batch.Total ? counts.Max(c => c.LastCompleted) : null));
    }

    public static async Task<Results<Ok<List<BatchResultItem>>, ContentHttpResult, ProblemHttpResult>> GetResults(
        Guid id, MelMageDbContext db, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "csv"))
        {
            return TypedResults.Problem(detail: "format must be json or csv.", statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown format");
        }
        if (!await db.Batches.AnyAsync(b => b.Id == id, cancellationToken)) return JobsApi.NotFound("batch", id);
        var jobs = await db.Jobs.AsNoTracking().Include(j => j.Prediction)
            .Where(j => j.BatchId == id).OrderBy(j => j.CreatedAt).ThenBy(j => j.FileName)
            .ToListAsync(cancellationToken);
        var items = jobs.Select(ToItem).ToList();
        return format == "csv" ? TypedResults.Text(ToCsv(items), "text/csv", Encoding.UTF8) : TypedResults.Ok(items);
    }

    private static BatchResultItem ToItem(Job job)
    {
        var response = JobsApi.ToResponse(job);
        return new BatchResultItem(job.Id, job.FileName, response.Status, response.Result?.Top ?? [], response.Error)
        {
            Silent = response.Result?.Silent ?? false,
            Model = response.Model,
            ModelVersion = response.Result?.ModelVersion,
        };
    }

    private static string ToCsv(IEnumerable<BatchResultItem> items)
    {
        var csv = new StringBuilder("job_id,file_name,status,label_1,confidence_1,label_2,confidence_2,label_3,confidence_3,error_code,error_message,model,model_version\n");
        foreach (var item in items)
        {
            csv.Append(item.JobId).Append(',').Append(Quote(item.FileName)).Append(',').Append(item.Status);
            for (var k = 0; k < 3; k++)
            {
                var top = k < item.Top.Count ? item.Top[k] : null;
                csv.Append(',').Append(Quote(top?.Label ?? "")).Append(',')
                    .Append(top?.Confidence.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
            }
            csv.Append(',').Append(Quote(item.Error?.Code ?? "")).Append(',').Append(Quote(item.Error?.Message ?? ""))
                .Append(',').Append(Quote(item.Model ?? "")).Append(',').Append(Quote(item.ModelVersion ?? "")).Append('\n');
        }
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool IsZip(byte[] content) => content.AsSpan().StartsWith("PK\u0003\u0004"u8);

    /// <summary>The entries of a ZIP taken as audio (others, such as a README or cover image, are skipped); what each
    /// holds is then decided by its bytes, as for any upload.</summary>
    private static readonly HashSet<string> AudioExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".wave", ".mp3", ".ogg", ".oga", ".opus", ".webm", ".weba", ".flac", ".m4a", ".mp4", ".aac", ".3gp",
        ".3g2", ".amr", ".aif", ".aiff", ".aifc", ".caf", ".mka", ".wv", ".au", ".snd",
    };

    private static ProblemHttpResult? ReadZip(byte[] content, ApiOptions limits, List<(string, byte[])> files)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || entry.Name.StartsWith('.') || entry.FullName.Contains("__MACOSX", StringComparison.Ordinal)) continue;
                if (!AudioExtensions.Contains(Path.GetExtension(entry.Name))) continue;
                if (entry.Length > limits.MaxUploadBytes) return FormReader.TooLarge(limits.MaxUploadBytes);
                // A ZIP bomb: the entries' declared sizes together may not exceed what a batch may send unpacked.
                unpacked += entry.Length;
                if (unpacked > limits.MaxBatchBytes) return FormReader.TooLarge(limits.MaxBatchBytes);
                if (files.Count >= limits.MaxBatchFiles) break;
                var buffer = new byte[entry.Length];
                using var stream = entry.Open();
                stream.ReadExactly(buffer);
                files.Add((entry.FullName, buffer));
            }
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException or IOException)
        {
            // Corrupt or lying archives: bad headers, entries shorter than they claim, unknown compression methods.
            return TypedResults.Problem(detail: $"The ZIP archive cannot be read: {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest, title: "Malformed ZIP archive");
        }
    }
}
