namespace MelMage.Contracts.Api;

/// <summary><c>POST /api/training-runs</c>: train on an ESC-50 folder the workers can read. Defaults are the seed's
/// recipe (fold 5 held out, 100 epochs, batch 32).</summary>
public sealed record TrainingRunRequest(
    string DataDirectory, int? Fold = 5, int Epochs = 100, int BatchSize = 32, int Seed = 0, bool HalfPrecisionWeights = false);
