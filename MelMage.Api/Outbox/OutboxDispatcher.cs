using System.Diagnostics;
using MassTransit;
using MelMage.Contracts.Messages;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Api.Outbox;

/// <summary>The transactional outbox's sender: jobs whose <c>published_at</c> is null are sent as <see cref="ClassifyClip"/>
/// and then marked, in the transaction that locked them (FOR UPDATE SKIP LOCKED, so API replicas share the work).
/// A crash between send and commit sends a command twice; the worker is idempotent on the job id.</summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private const int PageSize = 256;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchPageAsync(stoppingToken) == PageSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(ex);
            }
            try
            {
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> DispatchPageAsync(CancellationToken cancellationToken)
    {
        // Every two seconds, mostly finding nothing: an idle poll must not be a trace of its own in the dashboard.
        using var poll = PollTracing.BeginPoll();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MelMageDbContext>();
        var sendEndpoints = scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var jobs = await db.Jobs
                .FromSql($"SELECT * FROM jobs WHERE published_at IS NULL ORDER BY created_at LIMIT {PageSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (jobs.Count == 0) return 0;

            using var traced = PollTracing.ResumeTracing();
            using var activity = StartDispatchActivity(jobs);
            activity?.SetTag("melmage.messages", jobs.Count);
            var endpoint = await sendEndpoints.GetSendEndpoint(new Uri($"queue:{QueueNames.ClassifyClip}"));
            await Task.WhenAll(jobs.Select(job => SendAsync(endpoint, job, ct)));
            var now = clock.GetUtcNow();
            foreach (var job in jobs) job.PublishedAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            ApiTelemetry.MessagesDispatched.Add(jobs.Count);
            LogDispatched(jobs.Count);
            return jobs.Count;
        }, cancellationToken);
    }

    /// <summary>The page's span (its UPDATE and COMMIT are traced under it). Jobs of one upload (a clip, or a batch)
    /// share one trace context: the dispatch then joins that trace, so an upload is one trace from the browser to the
    /// worker. Jobs of several uploads get a root span linked to each upload's trace.</summary>
    private static Activity? StartDispatchActivity(List<Job> jobs)
    {
        var parents = jobs.Select(j => j.TraceParent).Distinct(StringComparer.Ordinal).ToList();
        if (parents is [{ } parent] && ActivityContext.TryParse(parent, null, out var context))
        {
            return ApiTelemetry.ActivitySource.StartActivity("Dispatch outbox", ActivityKind.Internal, context);
        }
        var links = parents
            .Select(p => ActivityContext.TryParse(p, null, out var c) ? new ActivityLink(c) : default(ActivityLink?))
            .OfType<ActivityLink>();
        return ApiTelemetry.ActivitySource.StartActivity("Dispatch outbox", ActivityKind.Internal, default(ActivityContext), links: links);
    }

    /// <summary>Each command is sent inside a span parented on its upload's request, so that one trace runs from the
    /// upload through the broker to the worker.</summary>
    private static async Task SendAsync(ISendEndpoint endpoint, Job job, CancellationToken cancellationToken)
    {
        using var activity = ApiTelemetry.ActivitySource.StartActivity("Send ClassifyClip", ActivityKind.Internal,
            job.TraceParent);
        activity?.SetTag("melmage.job_id", job.Id);
        await endpoint.Send(ToCommand(job), cancellationToken);
    }

    private static ClassifyClip ToCommand(Job job) => new(job.Id, job.BatchId, job.ContentSha256, job.CreatedAt, job.ModelName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} ClassifyClip commands from the outbox")]
    private partial void LogDispatched(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying at the next poll")]
    private partial void LogDispatchFailed(Exception exception);
}
