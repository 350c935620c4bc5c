using System.Globalization;
using MelMage.AppHost.Servers;

namespace MelMage.AppHost.Hosting;

/// <summary>The PostgreSQL server; its cluster lives in the state folder and is kept between runs.</summary>
public sealed class PostgresResource : ServerResource<PostgresServer>
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

    /// <summary>Stopped with pg_ctl stop -m fast: clients are disconnected and the cluster is checkpointed, never left
    /// torn.</summary>
    internal override PostgresServer Server => _server;

    public PostgresDatabaseResource AddDatabase(string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, this);
        Databases.Add(database);
        return database;
    }

    internal List<PostgresDatabaseResource> Databases { get; } = [];
}
