using MelMage.AppHost.Servers;

namespace MelMage.AppHost.Hosting;

/// <summary>The Redis server (snapshots in the state folder, so the cache survives a restart of the AppHost).</summary>
public sealed class RedisResource : ServerResource<RedisServer>, IResourceWithConnectionString
{
    private readonly RedisServer _server;

    internal RedisResource(string name, string dataDirectory, int port) : base(name, "Redis")
    {
        _server = new RedisServer(new RedisServerOptions
        {
            DataDirectory = dataDirectory,
            Port = port,
            Durable = true,
            Output = line => Console.Append(line),
        });
    }

    public string ConnectionString => _server.ConnectionString;

    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new("tcp", $"tcp://{_server.ConnectionString}", External: false)];

    public override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["CONNECTION_STRING"] = ConnectionString,
    };

    internal override RedisServer Server => _server;
}
