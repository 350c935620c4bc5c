namespace MelMage.Data.Entities;

/// <summary>A training run, queued through the API or started from the command line: its configuration, per-epoch
/// metrics, and the model it produced.</summary>
public sealed class TrainingRun
{
    public Guid Id { get; set; }
    /// <summary>queued, running, succeeded or failed.</summary>
    public required string Status { get; set; }
    /// <summary>"api" (queued for a worker) or "cli" (recorded by the train command).</summary>
    public string Source { get; set; } = "api";
    public required string ConfigJson { get; set; }
    /// <summary>JSON array of per-epoch metrics (epoch, trainLoss, learningRate, testLoss, testAccuracy, seconds).</summary>
    public string? MetricsJson { get; set; }
    public int EpochsPlanned { get; set; }
    public int EpochsDone { get; set; }
    public double? FinalAccuracy { get; set; }
    public double? BestAccuracy { get; set; }
    public int? BestEpoch { get; set; }
    public string? ModelVersion { get; set; }
    public string? ModelDirectory { get; set; }
    /// <summary>SHA-256 of the produced model's weights file.</summary>
    public string? WeightsSha256 { get; set; }
    public double? DurationSeconds { get; set; }
    public string? Host { get; set; }
    public string? Error { get; set; }
    /// <summary>A running run whose lease has expired belongs to a worker that died; another worker resumes it.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
