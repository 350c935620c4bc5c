using System.Globalization;
using MelMage.AppHost.Servers;

namespace MelMage.AppHost.Hosting;

/// <summary>The PostgreSQL server; its cluster lives in the state folder and is kept between runs.</summary>
public sealed class PostgresResource : Resource
{
    private readonly PostgresServer _server;

    internal PostgresResource(string name, string dataDirectory, int port, string password) : base(name, "Postgres")
    {
        Password = password;
        _server = new PostgresServer(new PostgresServerOptions
        {
            DataDirectory = dataDirectory,
            Port = port,
            Password = password,
            Durable = true,
            Output = line => Console.Append(line),
        });
    }

    internal PostgresServer Server => _server;

    public override int? ProcessId => _server.Process?.Id;

    protected override bool HasExited => _server.Process is null or { HasExited: true };

    protected override int? LastExitCode => _server.Process?.ExitCode;

    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        [new("tcp", $"tcp://127.0.0.1:{_server.Port}", External: false)];

    public override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PGDATA"] = _server.DataDirectory,
        ["PGPORT"] = _server.Port.ToString(CultureInfo.InvariantCulture),
        ["POSTGRES_USER"] = "postgres",
        ["POSTGRES_PASSWORD"] = Password,
    };

    internal string Password { get; }

    protected override async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken);
        Health = "Healthy";
    }

    /// <summary>pg_ctl stop -m fast: clients are disconnected and the cluster is checkpointed, never left torn.</summary>
    public override Task StopProcessAsync() => _server.StopAsync();

    public PostgresDatabaseResource AddDatabase(string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, this);
        Databases.Add(database);
        return database;
    }

    internal List<PostgresDatabaseResource> Databases { get; } = [];
}
