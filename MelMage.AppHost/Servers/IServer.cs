namespace MelMage.AppHost.Servers;

/// <summary>What the AppHost needs of a server it runs from its Debian binaries.</summary>
public interface IServer
{
    int Port { get; }

    /// <summary>The running process, or null before the start and after the stop.</summary>
    ServerProcess? Process { get; }

    /// <summary>Starts the server and returns once it answers its own protocol.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops it cleanly (data folder intact), then makes sure nothing of it is left running.</summary>
    Task StopAsync();
}
