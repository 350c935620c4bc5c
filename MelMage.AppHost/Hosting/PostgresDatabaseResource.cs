namespace MelMage.AppHost.Hosting;

/// <summary>A database on a <see cref="PostgresResource"/>, created when it does not exist yet. It is "running" while
/// its server is; when the server restarts, the database follows.</summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    private bool _created;

    internal PostgresDatabaseResource(string name, string databaseName, PostgresResource parent) : base(name, "PostgresDatabase")
    {
        DatabaseName = databaseName;
        Parent = parent;
        WaitsFor.Add(parent);
    }

    public string DatabaseName { get; }

    public PostgresResource Parent { get; }

    public string ConnectionString => Parent.Server.GetConnectionString(DatabaseName);

    public override int? ProcessId => null;

    protected override bool HasExited => !_created || !Parent.IsReady;

    public override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DATABASE"] = DatabaseName,
        ["CONNECTION_STRING"] = ConnectionString,
    };

    protected override async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        await Parent.Server.CreateDatabaseAsync(DatabaseName, cancellationToken);
        _created = true;
        Console.Append($"database {DatabaseName} is there", system: true);
    }

    public override Task StopProcessAsync()
    {
        _created = false;
        return Task.CompletedTask;
    }
}
