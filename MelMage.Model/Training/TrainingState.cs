namespace MelMage.Model.Training;

/// <summary>The part of a checkpoint that is not tensors: where the run is and what it has seen.</summary>
public sealed record TrainingState
{
    public required TrainingOptions Options { get; init; }
    public int EpochsDone { get; init; }
    public int StepsDone { get; init; }
    public List<EpochMetrics> History { get; init; } = [];
    public double? BestAccuracy { get; init; }
    public int? BestEpoch { get; init; }
    public double SecondsSpent { get; init; }
}
