using MassTransit;
using MelMage.Contracts.Messages;
using MelMage.Data;
using MelMage.Worker.Gpu.Extensions;
using MelMage.Worker.Gpu.Results;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Consumers;

/// <summary>Dynamic batching: the broker hands over up to <see cref="WorkerOptions.BatchSize"/> commands at once (waiting
/// at most <see cref="WorkerOptions.BatchWaitMs"/> for more), and they go through the model in one forward pass.</summary>
public sealed partial class ClassifyClipBatchConsumer(
    ClipClassifier classifier, IOptions<WorkerOptions> options, ILogger<ClassifyClipBatchConsumer> logger)
    : IConsumer<Batch<ClassifyClip>>
{
    public async Task Consume(ConsumeContext<Batch<ClassifyClip>> context)
    {
        var commands = context.Message.Select(m => m.Message).ToList();
        IReadOnlyList<JobOutcome> outcomes;
        try
        {
            outcomes = await ClassifyWaitingOutOutagesAsync(commands, context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && context.GetRetryAttempt() >= options.Value.RetryLimit)
        {
            // Last attempt: the jobs end as failed with the reason (never stuck in processing), and MassTransit moves
            // the messages to the error queue when this rethrows.
            LogGivingUp(ex, commands.Count, context.GetRetryAttempt());
            var ids = commands.Select(c => c.JobId).ToList();
            await classifier.FailAsync(ids, "ProcessingFailed", $"The worker could not process this clip: {ex.Message}",
                CancellationToken.None);
            foreach (var command in commands)
            {
                await context.Publish(new ClipClassificationFailed(command.JobId, command.BatchId, "ProcessingFailed", ex.Message));
            }
            throw;
        }

        var byId = commands.GroupBy(c => c.JobId).ToDictionary(g => g.Key, g => g.First());
        // Events of the batch go out together rather than one broker round trip after another.
        await Task.WhenAll(outcomes.OfType<JobOutcome.Succeeded>().Select(s => context.Publish(new ClipClassified(
            s.JobId, byId[s.JobId].BatchId, s.Result.ModelVersion, s.Result.Top.Count > 0 ? s.Result.Top[0].Label : "", s.Result.Top.Count > 0 ? s.Result.Top[0].Confidence : 0,
            s.Result.FromCache))));
        foreach (var f in outcomes.OfType<JobOutcome.Failed>())
        {
            // Bad audio is permanent: no retry. The command is parked in the error queue with the reason.
            var command = byId[f.JobId];
            LogFailed(f.JobId, f.Code, f.Reason);
            var errors = await context.GetSendEndpoint(new Uri($"queue:{QueueNames.ClassifyClipErrors}"));
            await errors.Send(command, send =>
            {
                send.Headers.Set("MT-Reason", "fault");
                send.Headers.Set("MT-Fault-Message", f.Reason);
                send.Headers.Set("MelMage-Error-Code", f.Code);
            });
            await context.Publish(new ClipClassificationFailed(f.JobId, command.BatchId, f.Code, f.Reason));
        }
    }

    /// <summary>A database outage is not the clips' fault: instead of spending the batch's retries (and then marking
    /// the jobs failed, which cannot even be written while the database is down) the batch waits, holding its
    /// messages unacknowledged, and tries again until the database answers or the worker stops (the broker then
    /// redelivers them). Going again is safe: finished jobs are skipped and predictions are inserted once.</summary>
    private async Task<IReadOnlyList<JobOutcome>> ClassifyWaitingOutOutagesAsync(List<ClassifyClip> commands,
        CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await classifier.ClassifyAsync(commands, cancellationToken);
            }
            catch (Exception ex) when (DatabaseFailures.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogDatabaseUnavailable(commands.Count, delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is unavailable; a batch of {Count} clips waits {DelaySeconds} s and tries again ({Reason})")]
    private partial void LogDatabaseUnavailable(int count, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for good ({Code}): {Reason}")]
    private partial void LogFailed(Guid jobId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Giving up on a batch of {Count} clips after {Retries} retries")]
    private partial void LogGivingUp(Exception exception, int count, int retries);
}
