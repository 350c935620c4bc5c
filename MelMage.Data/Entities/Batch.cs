namespace MelMage.Data.Entities;

/// <summary>A bulk upload; its jobs carry its id.</summary>
public sealed class Batch
{
    public Guid Id { get; set; }
    public int Total { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Hex SHA-256 of the uploading client's token, as on its jobs.</summary>
    public string? ClientTokenHash { get; set; }
}
