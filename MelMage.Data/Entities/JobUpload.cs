namespace MelMage.Data.Entities;

/// <summary>The uploaded bytes of a job, stored before the API answers 202 (kept apart so job queries stay small).</summary>
public sealed class JobUpload
{
    public Guid JobId { get; set; }
    public required byte[] Content { get; set; }
}
