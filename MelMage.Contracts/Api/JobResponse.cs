namespace MelMage.Contracts.Api;

/// <summary><c>GET /api/jobs/{id}</c>: where the job is, and its result once it succeeded.</summary>
public sealed record JobResponse(
    Guid Id,
    string Status,
    string? FileName,
    Guid? BatchId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    JobError? Error,
    JobResult? Result)
{
    /// <summary>The model the job was sent to, by name (the default model's when the upload named none).</summary>
    public string? Model { get; init; }
}

/// <summary>Why a job failed: a stable code and a message a person can act on.</summary>
public sealed record JobError(string Code, string Message);
