namespace MelMage.Data.Entities;

/// <summary>A model version a worker has loaded (the worker registers it at start).</summary>
public sealed class ModelRecord
{
    public required string Version { get; set; }
    public required List<string> Labels { get; set; }
    /// <summary>The model card (JSON), when the model ships one.</summary>
    public string? CardJson { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
