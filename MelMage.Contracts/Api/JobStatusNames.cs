namespace MelMage.Contracts.Api;

/// <summary>The job states clients see.</summary>
public static class JobStatusNames
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
