using MelMage.Tests.Infrastructure;
using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace MelMage.Tests.Pipeline;

/// <summary>The servers the AppHost declares (Debian's binaries as Aspire executable resources) answer their own
/// protocols on the connection strings they give to services.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ServersTests(PipelineFixture pipeline)
{
    private ServersFixture servers => pipeline.Servers;

    [Fact]
    public async Task Postgres_Started_AcceptsQueriesWithItsConnectionString()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("servers_test");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("servers_test", await command.ExecuteScalarAsync());
        Assert.Matches("^Host=localhost;Port=\\d+;Username=postgres;Password=[0-9a-f]{32}$", servers.Postgres.ConnectionString);
    }

    [Fact]
    public async Task Redis_Started_AnswersPingWithItsPassword()
    {
        Assert.Matches("^localhost:\\d+,password=[0-9a-f]{32}$", servers.Redis.ConnectionString);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        Assert.True((await redis.GetDatabase().PingAsync()) < TimeSpan.FromSeconds(5));

        // Without the password the server refuses to work.
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync($"localhost:{servers.Redis.Port},abortConnect=false");
        await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().StringGetAsync("x"));
    }

    [Fact]
    public async Task RabbitMq_Started_AcceptsItsUserOnItsOwnPort()
    {
        Assert.NotEqual(5672, servers.RabbitMq.Port);
        Assert.Matches("^amqp://melmage:[0-9a-f]{32}@localhost:\\d+$", servers.RabbitMq.ConnectionString);
        var factory = new ConnectionFactory { Uri = new Uri(servers.RabbitMq.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        Assert.True(connection.IsOpen);
    }
}
