namespace MelMage.Contracts.Messages;

/// <summary>Answer to <see cref="RenderVisualization"/>: the visualization document (UTF-8 JSON), or null with the
/// reason when the job cannot be visualized.</summary>
public sealed record VisualizationRendered(Guid JobId, byte[]? Document, string? Error);
