using MelMage.AppHost.Servers;

namespace MelMage.AppHost.Hosting;

/// <summary>The RabbitMQ node with its own epmd. Its port is kept between runs, and with it the node name, so the
/// node finds its database (durable queues and their messages) again.</summary>
public sealed class RabbitMqResource : ServerResource<RabbitMqServer>, IResourceWithConnectionString
{
    private readonly RabbitMqServer _server;

    internal RabbitMqResource(string name, string dataDirectory, int port, string password) : base(name, "RabbitMQ")
    {
        _server = new RabbitMqServer(new RabbitMqServerOptions
        {
            DataDirectory = dataDirectory,
            Port = port,
            Password = password,
            Output = line => Console.Append(line),
        });
    }

    public string ConnectionString => _server.ConnectionString;

    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new("amqp", $"amqp://127.0.0.1:{_server.Port}", External: false)];

    public override IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(_server.Environment)
            {
                ["CONNECTION_STRING"] = ConnectionString,
            };
            return environment;
        }
    }

    internal override RabbitMqServer Server => _server;
}
