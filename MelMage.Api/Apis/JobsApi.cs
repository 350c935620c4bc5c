using System.Text.Json;
using MassTransit;
using MelMage.Api.Access;
using MelMage.Api.Extensions;
using MelMage.Api.Models;
using MelMage.Api.Retention;
using MelMage.Api.Uploads;
using MelMage.Contracts.Api;
using MelMage.Contracts.Messages;
using MelMage.Contracts.Visualization;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MelMage.Api.Apis;

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/jobs").WithTags("Jobs");

        api.MapPost("/", CreateJob)
            .WithName("CreateJob")
            .WithSummary("Upload one audio file (multipart field 'file'; WAV, MP3, FLAC, Ogg, Opus, M4A, ...) to classify asynchronously")
            .WithDescription("Stores the upload, queues the job and answers 202 with its id and Location. Malformed audio "
                             + "is refused at once: 400 (the decoder's reason), 413 (too large), 415 (not audio). "
                             + "model=NAME (query or form field) picks an installed model (GET /api/models); an unknown "
                             + "one is a 400 that lists them.")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();

        // Everyone's jobs: other people's file names and answers, so operators only.
        api.MapGet("/", ListJobs)
            .WithName("ListJobs")
            .WithSummary("Operators: the most recent jobs of every client, newest first, with their answers (limit 1–200, default 50)")
            .RequireAuthorization(OperatorAccess.Policy);

        api.MapGet("/mine", ListMyJobs)
            .WithName("ListMyJobs")
            .WithSummary("The most recent jobs sent with this client token (header X-Client-Token), newest first (limit 1–200, default 50)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapDelete("/{id:guid}", DeleteJob)
            .WithName("DeleteJob")
            .WithSummary("Deletes a job at once: its upload, its answer and its cached visualization (knowing the id is the permission)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}", GetJob)
            .WithName("GetJob")
            .WithSummary("Status of a job and, once it succeeded, its top-3 answer, timeline, timings and model version");

        api.MapGet("/{id:guid}/visualization", GetVisualization)
            .WithName("GetJobVisualization")
            .WithSummary("Spectrogram, waveform, 37 feature maps and Grad-CAM heatmaps of a succeeded job")
            .WithDescription("Format melmage.visualization/1 (docs/pipeline.md): JSON whose arrays are bytes in base64 "
                             + "with a min/max each; gzip-encoded when the client accepts it. Recomputed by a worker when "
                             + "evicted from the cache.")
            .Produces<VisualizationDocument>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    public static async Task<Results<Accepted<JobAccepted>, ProblemHttpResult>> CreateJob(
        HttpRequest request, UploadValidator validator, JobIntake intake, InstalledModels models, IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!ClientToken.TryHash(request, out var owner)) return Rejected(ClientToken.Invalid());
        var (form, problem) = await FormReader.ReadAsync(request, options.Value.MaxUploadBytes + 64 * 1024, cancellationToken);
        if (problem is not null) return Rejected(problem);
        var file = form!.Files.GetFile("file");
        if (file is null)
        {
            return Rejected(TypedResults.Problem(detail: "Send the audio file (WAV, MP3, FLAC, Ogg, Opus, M4A, ...) in the multipart field 'file'.",
                statusCode: StatusCodes.Status400BadRequest, title: "No file in the request"));
        }
        var (model, unknown) = await models.ChooseAsync(RequestedModel(request, form), cancellationToken);
        if (unknown is not null) return Rejected(unknown);
        var content = await ReadAllAsync(file, cancellationToken);
        if (validator.Check(content, file.FileName) is { } rejection) return Rejected(rejection.ToProblem());

        var jobs = await intake.AcceptAsync([(file.FileName, content)], batchId: null, owner, model, cancellationToken);
        if (jobs is null) return BacklogFull.Problem(request.HttpContext, options.Value, clips: 1);
        var job = jobs[0];
        return TypedResults.Accepted($"/api/jobs/{job.Id}", new JobAccepted(job.Id, JobStatusNames.Queued));
    }

    public static async Task<Results<Ok<List<JobResponse>>, ProblemHttpResult>> ListJobs(
        MelMageDbContext db, CancellationToken cancellationToken, int limit = 50)
    {
        if (limit is < 1 or > 200)
        {
            return TypedResults.Problem(detail: "limit must be between 1 and 200.", statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid limit");
        }
        var jobs = await db.Jobs.AsNoTracking().Include(j => j.Prediction)
            .OrderByDescending(j => j.CreatedAt).Take(limit).ToListAsync(cancellationToken);
        return TypedResults.Ok(jobs.Select(ToResponse).ToList());
    }

    public static async Task<Results<Ok<List<JobResponse>>, ProblemHttpResult>> ListMyJobs(
        HttpRequest request, MelMageDbContext db, CancellationToken cancellationToken, int limit = 50)
    {
        if (limit is < 1 or > 200)
        {
            return TypedResults.Problem(detail: "limit must be between 1 and 200.", statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid limit");
        }
        if (!ClientToken.TryHash(request, out var owner)) return ClientToken.Invalid();
        if (owner is null) return TypedResults.Ok(new List<JobResponse>());
        var jobs = await db.Jobs.AsNoTracking().Include(j => j.Prediction).Where(j => j.ClientTokenHash == owner)
            .OrderByDescending(j => j.CreatedAt).Take(limit).ToListAsync(cancellationToken);
        return TypedResults.Ok(jobs.Select(ToResponse).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteJob(
        Guid id, UserDataDeletion deletion, CancellationToken cancellationToken) =>
        await deletion.DeleteJobAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound("job", id);

    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJob(
        Guid id, MelMageDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().Include(j => j.Prediction)
            .FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? NotFound("job", id) : TypedResults.Ok(ToResponse(job));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetVisualization(
        Guid id, HttpContext context, MelMageDbContext db, IConnectionMultiplexer redis,
        IRequestClient<RenderVisualization> render, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().Include(j => j.Prediction)
            .FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return NotFound("job", id);
        if (job.Status != JobStatus.Succeeded || job.Prediction is null)
        {
            return TypedResults.Problem(
                detail: $"Job {id} is {StatusName(job.Status)}; its visualization exists once it has succeeded.",
                statusCode: StatusCodes.Status409Conflict, title: "The job has no visualization yet");
        }

        var key = VisualizationCacheKey.For(job.Prediction.ModelVersion, job.ContentSha256);
        byte[]? json;
        try
        {
            json = await redis.GetDatabase().StringGetAsync(key);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Redis is down: the cache is not the record, so the visualization is recomputed as if it were evicted.
            json = null;
        }
        if (json is null)
        {
            // Evicted: a worker recomputes it from the stored upload and caches it again.
            Response<VisualizationRendered> response;
            try
            {
                response = await render.GetResponse<VisualizationRendered>(new RenderVisualization(id), cancellationToken);
            }
            catch (Exception ex) when (ex is RequestTimeoutException or RequestFaultException)
            {
                return TypedResults.Problem(detail: "No worker could recompute the visualization; try again shortly.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "The visualization is not available");
            }
            if (response.Message.Document is null)
            {
                return TypedResults.Problem(detail: response.Message.Error, statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The visualization could not be recomputed");
            }
            json = response.Message.Document;
        }

        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.Headers.Vary = "Accept-Encoding";
            return TypedResults.File(VisualizationCodec.Gzip(json), "application/json");
        }
        return TypedResults.File(json, "application/json");
    }

    internal static JobResponse ToResponse(Job job)
    {
        var result = job.Prediction is null ? null : JsonSerializer.Deserialize<JobResult>(job.Prediction.ResultJson, JsonSerializerOptions.Web);
        if (result is { Model: null } && job.Prediction?.ModelName is { } answeredBy) result = result with { Model = answeredBy };
        return new JobResponse(
            job.Id,
            StatusName(job.Status),
            job.FileName,
            job.BatchId,
            job.CreatedAt,
            job.CompletedAt,
            job.ErrorCode is null ? null : new JobError(job.ErrorCode, job.ErrorMessage ?? job.ErrorCode),
            result)
        {
            Model = result?.Model ?? job.ModelName,
        };
    }

    /// <summary>The model a multipart upload names: <c>?model=</c>, else the form field <c>model</c>.</summary>
    internal static string? RequestedModel(HttpRequest request, IFormCollection form) =>
        request.Query[InstalledModels.Parameter].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
        ?? form[InstalledModels.Parameter].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    internal static string StatusName(JobStatus status) => status switch
    {
        JobStatus.Queued => JobStatusNames.Queued,
        JobStatus.Processing => JobStatusNames.Processing,
        JobStatus.Succeeded => JobStatusNames.Succeeded,
        _ => JobStatusNames.Failed,
    };

    internal static ProblemHttpResult NotFound(string what, Guid id) => TypedResults.Problem(
        detail: $"There is no {what} with id {id}.", statusCode: StatusCodes.Status404NotFound, title: $"Unknown {what}");

    internal static async Task<byte[]> ReadAllAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var buffer = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private static ProblemHttpResult Rejected(ProblemHttpResult problem)
    {
        ApiTelemetry.UploadsRejected.Add(1, new KeyValuePair<string, object?>("http.response.status_code", problem.StatusCode));
        return problem;
    }
}
