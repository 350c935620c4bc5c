namespace MelMage.Contracts.Messages;

/// <summary>Answer to <see cref="RenderVisualization"/>: the gzip-compressed visualization document, or null with the
/// reason when the job cannot be visualized.</summary>
public sealed record VisualizationRendered(Guid JobId, byte[]? GzipDocument, string? Error);
