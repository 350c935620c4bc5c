using MelMage.Contracts.Seed;

namespace MelMage.Contracts.Messages;

/// <summary>Answer to <see cref="AnalyzeClip"/>: the seed's response, or an error code and message.</summary>
public sealed record ClipAnalyzed(Guid JobId, SeedInferenceResponse? Response, string? ErrorCode, string? Error);
