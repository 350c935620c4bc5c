using MelMage.Contracts.Api;

namespace MelMage.Worker.Gpu.Results;

/// <summary>What happened to one job of a batch.</summary>
public abstract record JobOutcome(Guid JobId)
{
    /// <summary>The job was already finished (a redelivery) or no longer exists: nothing to do.</summary>
    public sealed record Skipped(Guid JobId) : JobOutcome(JobId);

    public sealed record Succeeded(Guid JobId, JobResult Result) : JobOutcome(JobId);

    /// <summary>Failed for good (bad audio found late); never retried.</summary>
    public sealed record Failed(Guid JobId, string Code, string Reason) : JobOutcome(JobId);
}
