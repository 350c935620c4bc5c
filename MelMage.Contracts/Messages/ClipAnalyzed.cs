using MelMage.Contracts.Seed;

namespace MelMage.Contracts.Messages;

/// <summary>Answer to <see cref="AnalyzeClip"/>: the seed's response, or an error code and message, and the model
/// (name and version) that answered.</summary>
public sealed record ClipAnalyzed(Guid JobId, SeedInferenceResponse? Response, string? ErrorCode, string? Error,
    string? Model = null, string? ModelVersion = null);
