using System.Net.Sockets;
using MelMage.Tests.Infrastructure;
using Npgsql;

namespace MelMage.Tests.Pipeline;

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
        Assert.StartsWith("Host=127.0.0.1;Port=", servers.Postgres.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_Started_AnswersPing()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", servers.Redis.Port);
        await client.GetStream().WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await client.GetStream().ReadAsync(buffer);
        Assert.Equal("+PONG", System.Text.Encoding.ASCII.GetString(buffer, 0, read).Trim());
        Assert.Equal($"127.0.0.1:{servers.Redis.Port}", servers.Redis.ConnectionString);
    }

    [Fact]
    public void RabbitMq_Started_ListensOnItsOwnPortsOnly()
    {
        Assert.NotEqual(5672, servers.RabbitMq.Port);
        Assert.NotEqual(4369, servers.RabbitMq.EpmdPort);
        Assert.Equal($"amqp://melmage:melmage@127.0.0.1:{servers.RabbitMq.Port}", servers.RabbitMq.ConnectionString);
        using var client = new TcpClient();
        client.Connect("127.0.0.1", servers.RabbitMq.Port);
        Assert.True(client.Connected);
    }
}
