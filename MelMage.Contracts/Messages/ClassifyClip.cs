namespace MelMage.Contracts.Messages;

/// <summary>Classify the stored upload of one job (sent by the API's outbox to <see cref="QueueNames.ClassifyClip"/>).</summary>
/// <param name="JobId">The job; the audio is in Postgres under this id.</param>
/// <param name="BatchId">The batch the job belongs to, if any.</param>
/// <param name="ContentSha256">Hex SHA-256 of the upload: identical audio is answered from earlier results.</param>
/// <param name="AcceptedAt">When the API accepted the upload (queue wait is measured from here).</param>
/// <param name="Model">The model to run, by name; the worker's default model when null.</param>
public sealed record ClassifyClip(Guid JobId, Guid? BatchId, string ContentSha256, DateTimeOffset AcceptedAt, string? Model = null);
