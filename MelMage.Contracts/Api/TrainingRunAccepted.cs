namespace MelMage.Contracts.Api;

/// <summary>The 202 body of <c>POST /api/training-runs</c>.</summary>
public sealed record TrainingRunAccepted(Guid Id, string Status);
