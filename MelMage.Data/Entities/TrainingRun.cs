namespace MelMage.Data.Entities;

/// <summary>A training run (issue 3): its configuration, progress metrics and the model it produced.</summary>
public sealed class TrainingRun
{
    public Guid Id { get; set; }
    public required string Status { get; set; }
    public required string ConfigJson { get; set; }
    public string? MetricsJson { get; set; }
    public string? ModelVersion { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
