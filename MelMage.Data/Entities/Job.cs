namespace MelMage.Data.Entities;

/// <summary>One clip to classify. The row is also the API's outbox entry: <see cref="PublishedAt"/> stays null until
/// its <c>ClassifyClip</c> command is on the broker.</summary>
public sealed class Job
{
    public Guid Id { get; set; }
    public Guid? BatchId { get; set; }
    public JobStatus Status { get; set; }
    public required string FileName { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Hex SHA-256 of the upload.</summary>
    public required string ContentSha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>How many times a worker started on it (above 1 after a redelivery).</summary>
    public int Attempts { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    /// <summary>W3C traceparent of the upload request, so the trace continues when the outbox sends the command.</summary>
    public string? TraceParent { get; set; }
    /// <summary>The model asked for, by name (the default model's name when the upload named none); null only where
    /// no model was registered yet, and then the worker's default answers.</summary>
    public string? ModelName { get; set; }
    /// <summary>Hex SHA-256 of the opaque client token the uploading browser sent (<c>X-Client-Token</c>), so its
    /// history lists its own jobs only; null when none was sent. The token itself is never stored.</summary>
    public string? ClientTokenHash { get; set; }

    public JobUpload? Upload { get; set; }
    public Prediction? Prediction { get; set; }
}
