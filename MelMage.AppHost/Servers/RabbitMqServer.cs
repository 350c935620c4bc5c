using System.Globalization;
using System.Net.Sockets;

namespace MelMage.AppHost.Servers;

/// <summary>A RabbitMQ node run from the Debian package's scripts on 127.0.0.1, with its own epmd, node name, ports,
/// database, logs and Erlang cookie under a folder of its own, so that it never meets the system service.</summary>
public sealed class RabbitMqServer : IServer, IAsyncDisposable
{
    private readonly RabbitMqServerOptions _options;
    private ServerProcess? _epmd;
    private ServerProcess? _process;

    public RabbitMqServer(RabbitMqServerOptions options)
    {
        _options = options;
        Port = options.Port ?? ServerProcess.FreePort();
        EpmdPort = ServerProcess.FreePort();
        DistributionPort = ServerProcess.FreePort();
    }

    public int Port { get; }

    /// <summary>The running server process (null when stopped), for its id and whether it is still alive.</summary>
    public ServerProcess? Process => _process;

    public int EpmdPort { get; }

    public int DistributionPort { get; }

    public string NodeName => $"melmage{Port}@localhost";

    /// <summary>The connection string in the form Aspire injects as <c>ConnectionStrings__rabbitmq</c>.</summary>
    public string ConnectionString =>
        $"amqp://{Uri.EscapeDataString(_options.Username)}:{Uri.EscapeDataString(_options.Password)}@127.0.0.1:{Port}";

    /// <summary>The environment for this node's scripts; rabbitmqctl needs it too (ERL_EPMD_PORT above all, or it
    /// starts an epmd of its own on 4369).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = Path.Combine(_options.DataDirectory, "home"),
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_options.DataDirectory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(_options.DataDirectory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_options.DataDirectory, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_options.DataDirectory, "advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_options.DataDirectory, "rabbitmq-env.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_options.DataDirectory, "enabled_plugins"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(_options.DataDirectory, "rabbitmq.pid"),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
    };

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null) throw new InvalidOperationException("The server is already started.");
        Directory.CreateDirectory(Path.Combine(_options.DataDirectory, "home"));
        Directory.CreateDirectory(Path.Combine(_options.DataDirectory, "log"));
        Directory.CreateDirectory(Path.Combine(_options.DataDirectory, "mnesia"));
        await File.WriteAllTextAsync(Path.Combine(_options.DataDirectory, "enabled_plugins"), "[].\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_options.DataDirectory, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{Port}
            loopback_users = none
            default_user = {_options.Username}
            default_pass = {_options.Password}
            disk_free_limit.absolute = 50MB
            log.console = true
            log.console.level = warning
            log.file = false

            """, cancellationToken);

        // Our own epmd in the foreground (the one rabbit would start daemonises and outlives it).
        _epmd = ServerProcess.Start(_options.EpmdBinary,
            ["-port", EpmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"],
            new Dictionary<string, string> { ["ERL_EPMD_ADDRESS"] = "127.0.0.1" });
        _process = ServerProcess.Start(_options.ServerScript, [], Environment, _options.DataDirectory,
            _options.Output);
        try
        {
            await _process.WaitUntilAsync("rabbitmq-server", AmqpHandshakeAsync, _options.StartTimeout, cancellationToken);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>SIGTERM (the script stops the node properly), then the node's and epmd's process trees are killed.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(15));
            _process.Dispose();
            _process = null;
        }
        if (_epmd is not null)
        {
            _epmd.Dispose();
            _epmd = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Readiness is the broker's answer to the AMQP 0-9-1 protocol header: a Connection.Start method frame.</summary>
    private async Task<bool> AmqpHandshakeAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), cancellationToken);
        var frame = new byte[11];
        var read = 0;
        while (read < frame.Length)
        {
            var n = await stream.ReadAsync(frame.AsMemory(read), cancellationToken);
            if (n == 0) return false;
            read += n;
        }
        // type 1 (method), channel 0, then after the 4-byte size: class 10 (connection), method 10 (start).
        return frame[0] == 1 && frame[1] == 0 && frame[2] == 0
               && frame[7] == 0 && frame[8] == 10 && frame[9] == 0 && frame[10] == 10;
    }
}
