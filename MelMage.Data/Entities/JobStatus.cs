namespace MelMage.Data.Entities;

/// <summary>queued → processing → succeeded | failed. The API creates jobs queued; the worker moves them on.</summary>
public enum JobStatus
{
    Queued,
    Processing,
    Succeeded,
    Failed,
}
