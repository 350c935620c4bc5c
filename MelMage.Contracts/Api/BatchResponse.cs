namespace MelMage.Contracts.Api;

/// <summary><c>GET /api/batches/{id}</c>: counts per status and progress in [0, 1].</summary>
public sealed record BatchResponse(Guid Id, int Total, int Queued, int Processing, int Succeeded, int Failed,
    double Progress, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
