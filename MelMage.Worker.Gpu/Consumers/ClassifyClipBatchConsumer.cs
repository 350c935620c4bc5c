using MassTransit;
using MelMage.Contracts.Messages;
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
            outcomes = await classifier.ClassifyAsync(commands, context.CancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed for good ({Code}): {Reason}")]
    private partial void LogFailed(Guid jobId, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Giving up on a batch of {Count} clips after {Retries} retries")]
    private partial void LogGivingUp(Exception exception, int count, int retries);
}
