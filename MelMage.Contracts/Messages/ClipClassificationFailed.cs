namespace MelMage.Contracts.Messages;

/// <summary>A job failed for good (bad audio found late, or retries exhausted); the reason is stored on the job.</summary>
public sealed record ClipClassificationFailed(Guid JobId, Guid? BatchId, string ErrorCode, string Reason);
