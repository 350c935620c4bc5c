using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MelMage.AppHost.Servers;

/// <summary>A Redis server run from the Debian binary on 127.0.0.1 with its files in a folder of its own.</summary>
public sealed class RedisServer : IServer, IAsyncDisposable
{
    private readonly RedisServerOptions _options;
    private ServerProcess? _process;

    public RedisServer(RedisServerOptions options)
    {
        _options = options;
        Port = options.Port ?? ServerProcess.FreePort();
    }

    public int Port { get; }

    /// <summary>The running server process (null when stopped), for its id and whether it is still alive.</summary>
    public ServerProcess? Process => _process;

    /// <summary>The connection string in the form Aspire injects as <c>ConnectionStrings__redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null) throw new InvalidOperationException("The server is already started.");
        Directory.CreateDirectory(_options.DataDirectory);
        List<string> arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _options.DataDirectory,
            "--daemonize", "no", "--protected-mode", "no", "--maxmemory", _options.MaxMemory,
            "--maxmemory-policy", "allkeys-lru",
        ];
        if (!_options.Durable) arguments.AddRange(["--save", "", "--appendonly", "no"]);
        _process = ServerProcess.Start(_options.Binary, arguments, onOutput: _options.Output);
        await _process.WaitUntilAsync("redis-server", PingAsync, _options.StartTimeout, cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Readiness is a PING answered with PONG over the Redis protocol.</summary>
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
