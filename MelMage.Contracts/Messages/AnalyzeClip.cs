namespace MelMage.Contracts.Messages;

/// <summary>Request to the worker for the synchronous seed API: analyze these WAV bytes now, store nothing.</summary>
/// <param name="JobId">Identifies this one-off job in logs and traces.</param>
/// <param name="Audio">The WAV file (already validated by the API).</param>
/// <param name="Model">The model to run, by name; the worker's default model when null.</param>
public sealed record AnalyzeClip(Guid JobId, byte[] Audio, string? Model = null);
