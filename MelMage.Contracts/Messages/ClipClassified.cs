namespace MelMage.Contracts.Messages;

/// <summary>A job succeeded and its prediction is stored.</summary>
public sealed record ClipClassified(Guid JobId, Guid? BatchId, string ModelVersion, string TopLabel, float TopConfidence,
    bool FromCache);
