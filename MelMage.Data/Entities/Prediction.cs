namespace MelMage.Data.Entities;

/// <summary>The stored answer of a succeeded job; at most one per job (unique index: redelivery cannot add another).</summary>
public sealed class Prediction
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    /// <summary>The name of the model that answered; <see cref="ModelVersion"/> is its version.</summary>
    public string? ModelName { get; set; }
    public required string ModelVersion { get; set; }
    public required string ContentSha256 { get; set; }
    public required string TopLabel { get; set; }
    public float TopConfidence { get; set; }
    /// <summary>The <c>JobResult</c> contract as JSON (jsonb).</summary>
    public required string ResultJson { get; set; }
    public bool FromCache { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
