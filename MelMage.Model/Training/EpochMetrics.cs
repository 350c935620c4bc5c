namespace MelMage.Model.Training;

/// <summary>What one epoch measured. Test values are null when no fold is held out.</summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double LearningRate, double? TestLoss, double? TestAccuracy, double Seconds);
