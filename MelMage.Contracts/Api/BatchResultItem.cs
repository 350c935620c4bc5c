namespace MelMage.Contracts.Api;

/// <summary>One row of <c>GET /api/batches/{id}/results</c>.</summary>
public sealed record BatchResultItem(Guid JobId, string FileName, string Status, IReadOnlyList<LabelConfidence> Top,
    JobError? Error)
{
    /// <summary>True when the recording is silent and nothing was classified (see <see cref="JobResult.Silent"/>).</summary>
    public bool Silent { get; init; }

    /// <summary>The model that answered (or was asked for, while the job waits), by name.</summary>
    public string? Model { get; init; }

    /// <summary>The version of <see cref="Model"/> that answered; null until the job succeeded.</summary>
    public string? ModelVersion { get; init; }
}
