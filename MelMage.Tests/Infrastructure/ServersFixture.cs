extern alias apphost;

using apphost::MelMage.AppHost.Servers;

namespace MelMage.Tests.Infrastructure;

/// <summary>One real Postgres, Redis and RabbitMQ, started from the Debian binaries on free 127.0.0.1 ports with data
/// in a temporary folder that is deleted when they stop.</summary>
public sealed class ServersFixture : IAsyncLifetime
{
    private readonly string _root;

    public ServersFixture()
    {
        _root = Path.Combine(Path.GetTempPath(), $"melmage-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user (when the tests run as root) must be able to reach its data folder.
            File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                                        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        Postgres = new PostgresServer(new PostgresServerOptions { DataDirectory = Path.Combine(_root, "postgres"), Durable = false });
        Redis = new RedisServer(new RedisServerOptions { DataDirectory = Path.Combine(_root, "redis"), Durable = false });
        RabbitMq = new RabbitMqServer(new RabbitMqServerOptions { DataDirectory = Path.Combine(_root, "rabbitmq") });
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public RabbitMqServer RabbitMq { get; }

    public async Task InitializeAsync()
    {
        try
        {
            await Task.WhenAll(Postgres.StartAsync(), Redis.StartAsync(), RabbitMq.StartAsync());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Postgres.StopAsync(), Redis.StopAsync(), RabbitMq.StopAsync());
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temporary folder is reclaimed later.
        }
    }
}
