using System.Text.Json;
using MelMage.Api.Access;
using MelMage.Api.Training;
using MelMage.Contracts.Api;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Api.Apis;

/// <summary>Training runs: queue one for the workers, follow its per-epoch progress, list past runs (including those
/// recorded by the command line).</summary>
public static class TrainingApi
{
    public static RouteGroupBuilder MapTrainingApi(this IEndpointRouteBuilder app)
    {
        // Training costs hours of the machine: operators only.
        var api = app.MapGroup("/api/training-runs").WithTags("Training").RequireAuthorization(OperatorAccess.Policy);
        api.MapPost("/", QueueRun)
            .WithName("QueueTrainingRun")
            .WithSummary("Queue a training run on an ESC-50 folder the workers can read")
            .WithDescription("The seed's recipe with the given fold, epochs, batch size and seed. A worker takes the run, "
                             + "records each epoch, and resumes from its checkpoint if it dies. 202 with the run's id.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/", ListRuns)
            .WithName("ListTrainingRuns")
            .WithSummary("Training runs, newest first, with per-epoch metrics");
        api.MapGet("/{id:guid}", GetRun)
            .WithName("GetTrainingRun")
            .WithSummary("One training run: status, per-epoch metrics, final and best accuracy, model produced");
        return api;
    }

    public static async Task<Results<Accepted<TrainingRunAccepted>, ProblemHttpResult>> QueueRun(
        TrainingRunRequest request, MelMageDbContext db, DataRoots dataRoots, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        // Outside the data roots, missing, or a link that leads out: one answer that says nothing about the path.
        var directory = dataRoots.Resolve(request.DataDirectory);
        if (directory is null)
            problems.Add("dataDirectory must be an absolute path to an ESC-50 folder inside one of the server's data roots (Training:DataRoots).");
        else if (!File.Exists(Path.Combine(directory, "meta", "esc50.csv")))
            problems.Add($"{request.DataDirectory} has no meta/esc50.csv: it is not an ESC-50 folder.");
        if (request.Epochs is < 1 or > 1000) problems.Add("epochs must be between 1 and 1000.");
        if (request.BatchSize is < 2 or > 512) problems.Add("batchSize must be between 2 and 512.");
        if (request.Fold is < 1 or > 10) problems.Add("fold must be between 1 and 10, or null to train on everything.");
        if (problems.Count > 0)
        {
            return TypedResults.Problem(detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid training run");
        }

        var run = new TrainingRun
        {
            Id = Guid.CreateVersion7(),
            Status = "queued",
            Source = "api",
            // The canonical path: the worker reads exactly the folder that was checked.
            ConfigJson = JsonSerializer.Serialize(request with { DataDirectory = directory! }, JsonSerializerOptions.Web),
            EpochsPlanned = request.Epochs,
            CreatedAt = clock.GetUtcNow(),
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/training-runs/{run.Id}", new TrainingRunAccepted(run.Id, run.Status));
    }

    public static async Task<Ok<List<TrainingRunResponse>>> ListRuns(MelMageDbContext db, CancellationToken cancellationToken)
    {
        var runs = await db.TrainingRuns.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(50).ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(ToResponse).ToList());
    }

    public static async Task<Results<Ok<TrainingRunResponse>, ProblemHttpResult>> GetRun(
        Guid id, MelMageDbContext db, CancellationToken cancellationToken)
    {
        var run = await db.TrainingRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return run is null ? JobsApi.NotFound("training run", id) : TypedResults.Ok(ToResponse(run));
    }

    private static TrainingRunResponse ToResponse(TrainingRun run) => new(
        run.Id, run.Status, run.Source, JsonDocument.Parse(run.ConfigJson).RootElement.Clone(), run.EpochsPlanned, run.EpochsDone,
        run.MetricsJson is null ? [] : JsonSerializer.Deserialize<List<TrainingEpochResponse>>(run.MetricsJson, JsonSerializerOptions.Web) ?? [],
        run.FinalAccuracy, run.BestAccuracy, run.BestEpoch, run.ModelVersion, run.WeightsSha256, run.DurationSeconds, run.Host,
        run.Error, run.CreatedAt, run.StartedAt, run.FinishedAt);
}
