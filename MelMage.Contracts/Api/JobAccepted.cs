namespace MelMage.Contracts.Api;

/// <summary>Body of 202 Accepted for <c>POST /api/jobs</c>.</summary>
public sealed record JobAccepted(Guid Id, string Status);
