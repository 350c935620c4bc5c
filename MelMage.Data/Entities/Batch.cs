namespace MelMage.Data.Entities;

/// <summary>A bulk upload; its jobs carry its id.</summary>
public sealed class Batch
{
    public Guid Id { get; set; }
    public int Total { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
