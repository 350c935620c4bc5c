using MelMage.AppHost.Servers;

namespace MelMage.AppHost.Hosting;

/// <summary>A resource backed by one of the servers in <c>Servers/</c>: its process, start (healthy once the server
/// answers its protocol) and stop come from the server; the subclass says what it exposes.</summary>
public abstract class ServerResource<TServer>(string name, string type) : Resource(name, type)
    where TServer : IServer
{
    internal abstract TServer Server { get; }

    public override int? ProcessId => Server.Process?.Id;

    protected override bool HasExited => Server.Process is null or { HasExited: true };

    protected override int? LastExitCode => Server.Process?.ExitCode;

    protected override async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        await Server.StartAsync(cancellationToken);
        Health = "Healthy";
    }

    public override Task StopProcessAsync() => Server.StopAsync();
}
