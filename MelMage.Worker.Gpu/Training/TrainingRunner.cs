using System.Text.Json;
using MelMage.Contracts.Api;
using MelMage.Data;
using MelMage.Data.Entities;
using MelMage.Model.Training;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Training;

/// <summary>
/// Takes queued training runs from Postgres and runs them, one at a time per worker. A run can take hours, longer than
/// a broker will wait for an acknowledgement, so the table itself is the queue: a worker claims a row with
/// <c>FOR UPDATE SKIP LOCKED</c> and holds it by renewing a lease each epoch; a run whose lease expired (its worker
/// died) is claimed again and resumes from its last checkpoint.
/// </summary>
public sealed partial class TrainingRunner(
    IServiceScopeFactory scopes, IOptions<WorkerOptions> options, ILogger<TrainingRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.TrainingPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var run = await ClaimAsync(stoppingToken);
                if (run is not null) await RunAsync(run, stoppingToken);
                else await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPollFailed(e);
                await Task.Delay(poll, stoppingToken);
            }
        }
    }

    private async Task<TrainingRun?> ClaimAsync(CancellationToken cancellation)
    {
        // Every few seconds, almost always finding nothing: an idle poll must not be a trace of its own.
        using var poll = PollTracing.BeginPoll();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MelMageDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            var run = await db.TrainingRuns
                .FromSql($"""
                    SELECT * FROM training_runs
                    WHERE status = 'queued' OR (status = 'running' AND source = 'api' AND lease_expires_at < now())
                    ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
                    """)
                .SingleOrDefaultAsync(cancellation);
            if (run is null) return null;
            using var traced = PollTracing.ResumeTracing();
            run.Status = "running";
            run.Host = Environment.MachineName;
            run.StartedAt ??= DateTimeOffset.UtcNow;
            run.LeaseExpiresAt = DateTimeOffset.UtcNow + Lease;
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
            return run;
        });
    }

    private async Task RunAsync(TrainingRun run, CancellationToken cancellation)
    {
        var request = JsonSerializer.Deserialize<TrainingRunRequest>(run.ConfigJson, JsonSerializerOptions.Web)!;
        var trainingOptions = new TrainingOptions
        {
            DataDirectory = request.DataDirectory,
            OutputDirectory = Path.Combine(options.Value.TrainingOutputDirectory, run.Id.ToString("N")),
            TestFold = request.Fold,
            Epochs = request.Epochs,
            BatchSize = request.BatchSize,
            Seed = request.Seed,
            HalfPrecisionWeights = request.HalfPrecisionWeights,
            Resume = true,
            Version = $"run-{run.Id.ToString("N")[..12]}",
        };
        var recorder = new TrainingRunRecorder(() => scopes.CreateScope().ServiceProvider.GetRequiredService<MelMageDbContext>(), run.Id);
        LogStarting(run.Id, request.DataDirectory, request.Epochs);
        try
        {
            var trainer = new Trainer(new LogWriter(logger, run.Id)) { EpochCompleted = m => recorder.Epoch(m, Lease) };
            var result = await Task.Run(() =>
            {
                // Training gives way to serving: like every thread but the model's, it runs at the lowest priority
                // (its libtorch threads, started from this one, inherit it). See Analysis/ThreadNiceness.cs.
                if (options.Value.YieldToModel) ThreadNiceness.LowerCurrent();
                return trainer.Run(trainingOptions, cancellation);
            }, cancellation);
            await recorder.SucceededAsync(result, CancellationToken.None);
            LogFinished(run.Id, result.FinalAccuracy);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the next worker resumes from the checkpoint.
            LogInterrupted(run.Id);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            await recorder.FailedAsync(e.Message, CancellationToken.None);
            LogFailed(run.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId} starting on {Data} for {Epochs} epochs")]
    private partial void LogStarting(Guid runId, string data, int epochs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId} finished; final test accuracy {Accuracy}")]
    private partial void LogFinished(Guid runId, double? accuracy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training run {RunId} interrupted by shutdown; it resumes from its checkpoint")]
    private partial void LogInterrupted(Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training run {RunId} failed: {Error}")]
    private partial void LogFailed(Guid runId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling for training runs failed")]
    private partial void LogPollFailed(Exception exception);

    /// <summary>Forwards the trainer's progress lines to the logger.</summary>
    private sealed class LogWriter(ILogger logger, Guid runId) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            if (!string.IsNullOrEmpty(value)) logger.LogInformation("Training run {RunId}: {Line}", runId, value);
        }
    }
}
