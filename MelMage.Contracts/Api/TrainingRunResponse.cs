using System.Text.Json;

namespace MelMage.Contracts.Api;

/// <summary><c>GET /api/training-runs/{id}</c>: a run's state, its per-epoch metrics and what it produced.</summary>
public sealed record TrainingRunResponse(
    Guid Id, string Status, string Source, JsonElement Config, int EpochsPlanned, int EpochsDone,
    IReadOnlyList<TrainingEpochResponse> Epochs, double? FinalAccuracy, double? BestAccuracy, int? BestEpoch,
    string? ModelVersion, string? WeightsSha256, double? DurationSeconds, string? Host, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>One epoch of a run; test values are null when no fold is held out.</summary>
public sealed record TrainingEpochResponse(int Epoch, double TrainLoss, double LearningRate, double? TestLoss, double? TestAccuracy, double Seconds);
