using MelMage.Api.Access;
using MelMage.Api.Outbox;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Api.Apis;

/// <summary>What an operator does to the running system (the AppHost's dashboard commands call these).</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations").WithTags("Operations").RequireAuthorization(OperatorAccess.Policy);
        api.MapPost("/requeue-failed", RequeueFailed)
            .WithSummary("Puts every failed job back in the queue (its upload is kept); returns how many.");
        return app;
    }

    public sealed record RequeueResponse(int Requeued);

    /// <summary>A failed job becomes a queued one that the outbox has not sent yet: the dispatcher sends it again and a
    /// worker classifies it from its stored upload.</summary>
    private static async Task<RequeueResponse> RequeueFailed(MelMageDbContext db, OutboxSignal outbox, CancellationToken cancellationToken)
    {
        var count = await db.Jobs.Where(j => j.Status == JobStatus.Failed)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.PublishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.StartedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.CompletedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.ErrorCode, (string?)null)
                .SetProperty(j => j.ErrorMessage, (string?)null), cancellationToken);
        if (count > 0) outbox.Notify();
        return new RequeueResponse(count);
    }
}
