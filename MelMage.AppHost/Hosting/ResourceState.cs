namespace MelMage.AppHost.Hosting;

/// <summary>The lifecycle states the dashboard shows, named as Aspire's dashboard names them.</summary>
public static class ResourceState
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
}
