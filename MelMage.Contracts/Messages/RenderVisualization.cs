namespace MelMage.Contracts.Messages;

/// <summary>Request to the worker: recompute a succeeded job's visualization (evicted from Redis) and cache it again.</summary>
public sealed record RenderVisualization(Guid JobId);
