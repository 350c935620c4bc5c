using System.Text.Json;
using MelMage.Data;
using MelMage.Data.Entities;
using MelMage.Model.Checkpoints;
using MelMage.Model.Training;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Worker.Gpu.Training;

/// <summary>Writes a run's progress and outcome to its <c>training_runs</c> row.</summary>
public sealed class TrainingRunRecorder(Func<MelMageDbContext> contexts, Guid runId)
{
    public Guid RunId => runId;

    /// <summary>Creates the row for a run started from the command line (the schema must be migrated already: see the
    /// <c>migrate</c> verb).</summary>
    public static async Task<TrainingRunRecorder> StartAsync(Func<MelMageDbContext> contexts, TrainingOptions options, CancellationToken cancellation = default)
    {
        await using var db = contexts();
        var run = new TrainingRun
        {
            Id = Guid.CreateVersion7(),
            Status = "running",
            Source = "cli",
            ConfigJson = JsonSerializer.Serialize(options, ModelCheckpoint.JsonOptions),
            EpochsPlanned = options.Epochs,
            Host = Environment.MachineName,
            CreatedAt = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellation);
        return new TrainingRunRecorder(contexts, run.Id);
    }

    public void Epoch(EpochMetrics metrics, TimeSpan? lease = null)
    {
        using var db = contexts();
        var run = db.TrainingRuns.Single(r => r.Id == runId);
        var epochs = run.MetricsJson is null ? [] : JsonSerializer.Deserialize<List<EpochMetrics>>(run.MetricsJson, ModelCheckpoint.JsonOptions) ?? [];
        epochs.RemoveAll(e => e.Epoch >= metrics.Epoch);
        epochs.Add(metrics);
        run.MetricsJson = JsonSerializer.Serialize(epochs, ModelCheckpoint.JsonOptions);
        run.EpochsDone = metrics.Epoch;
        if (lease is { } l) run.LeaseExpiresAt = DateTimeOffset.UtcNow + l;
        db.SaveChanges();
    }

    public async Task SucceededAsync(TrainingResult result, CancellationToken cancellation = default)
    {
        await using var db = contexts();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, cancellation);
        run.Status = result.Completed ? "succeeded" : "stopped";
        run.MetricsJson = JsonSerializer.Serialize(result.History, ModelCheckpoint.JsonOptions);
        run.EpochsDone = result.History.Count == 0 ? 0 : result.History[^1].Epoch;
        run.FinalAccuracy = result.FinalAccuracy;
        run.BestAccuracy = result.BestAccuracy;
        run.BestEpoch = result.BestEpoch;
        run.ModelVersion = result.Version;
        run.ModelDirectory = result.ModelDirectory;
        run.WeightsSha256 = result.ModelSha256;
        run.DurationSeconds = Math.Round(result.Seconds, 1);
        run.Host = result.Host;
        run.LeaseExpiresAt = null;
        run.FinishedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellation);
    }

    public async Task FailedAsync(string error, CancellationToken cancellation = default)
    {
        await using var db = contexts();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, cancellation);
        run.Status = "failed";
        run.Error = error;
        run.LeaseExpiresAt = null;
        run.FinishedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellation);
    }
}
