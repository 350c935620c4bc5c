namespace MelMage.AppHost.Hosting;

// Postgres, Redis and RabbitMQ from Debian's packages, run by DCP as executable resources (there is no container
// engine here, so Aspire's AddPostgres/AddRedis/AddRabbitMQ cannot run). Each carries the connection string Aspire's
// container integrations would inject, so services and WithReference cannot tell the difference.

/// <summary>A PostgreSQL server; its connection string names no database (see <see cref="LocalPostgresDatabaseResource"/>).</summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "postgres";

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServers.EndpointName);

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password}");
}

/// <summary>A database on a <see cref="LocalPostgresResource"/>, created once the server is ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

/// <summary>A Redis server; connection string <c>host:port,password=…</c> as StackExchange.Redis reads it.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServers.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={Password}");
}

/// <summary>A RabbitMQ node; connection string <c>amqp://user:password@host:port</c>.</summary>
public sealed class LocalRabbitMqResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "melmage";

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServers.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{Password}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
