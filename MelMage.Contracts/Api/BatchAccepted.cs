namespace MelMage.Contracts.Api;

/// <summary>Body of 202 Accepted for <c>POST /api/batches</c>.</summary>
public sealed record BatchAccepted(Guid Id, int Total);
