using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MelMage.Tests.Faults;

/// <summary>A separate "machine" on this one: a Linux network namespace with its own loopback and one veth link to
/// the namespace the servers run in (the root one). Processes started in it reach the servers only over that link,
/// at <see cref="GatewayAddress"/>; taking the link down cuts the host off as a pulled cable would. Names are unique
/// per run; <see cref="DisposeAsync"/> deletes the namespace and both ends of the link, also after a failure.</summary>
public sealed class NetworkHost : IAsyncDisposable
{
    private NetworkHost(string name, string rootLink, IPAddress gateway, IPAddress address)
    {
        Name = name;
        RootLink = rootLink;
        GatewayAddress = gateway;
        Address = address;
    }

    /// <summary>The namespace (<c>ip netns exec NAME …</c>).</summary>
    public string Name { get; }

    /// <summary>The link's end in the servers' namespace.</summary>
    public string RootLink { get; }

    /// <summary>The servers' side of the link: what the host connects to.</summary>
    public IPAddress GatewayAddress { get; }

    /// <summary>The host's own address.</summary>
    public IPAddress Address { get; }

    /// <summary>Null when namespaces can be made here; otherwise why not (not Linux, not root, no <c>ip</c>, refused).</summary>
    public static string? Unavailable { get; } = Probe();

    public static async Task<NetworkHost> CreateAsync(string run, int index, byte subnet)
    {
        var name = $"melmage-{run}-{index}";
        var root = $"mm{run}{index}r";
        var inner = $"mm{run}{index}n";
        var gateway = IPAddress.Parse($"10.231.{subnet}.{index * 4 + 1}");
        var address = IPAddress.Parse($"10.231.{subnet}.{index * 4 + 2}");
        var host = new NetworkHost(name, root, gateway, address);
        try
        {
            await IpAsync("netns", "add", name);
            await IpAsync("link", "add", root, "type", "veth", "peer", "name", inner);
            await IpAsync("link", "set", inner, "netns", name);
            await IpAsync("addr", "add", $"{gateway}/30", "dev", root);
            await IpAsync("link", "set", root, "up");
            await IpAsync("-n", name, "addr", "add", $"{address}/30", "dev", inner);
            await IpAsync("-n", name, "link", "set", inner, "up");
            await IpAsync("-n", name, "link", "set", "lo", "up");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pulls the cable: the link goes down, packets to and from the host are dropped (no reset, no FIN).</summary>
    public Task CutOffAsync() => IpAsync("link", "set", RootLink, "down");

    /// <summary>The command line that runs a program inside the namespace.</summary>
    public IEnumerable<string> Exec(params string[] command) => ["netns", "exec", Name, .. command];

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace destroys its end of the veth pair and with it the pair; the explicit delete covers a
        // pair whose inner end never moved into the namespace.
        await TryIpAsync("link", "del", RootLink);
        await TryIpAsync("netns", "del", Name);
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var (code, output) = await RunAsync("ip", arguments);
        if (code != 0) throw new InvalidOperationException($"ip {string.Join(' ', arguments)} exited with {code}: {output}");
    }

    private static async Task TryIpAsync(params string[] arguments) => await RunAsync("ip", arguments);

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "Network namespaces exist on Linux only.";
        if (Environment.UserName != "root") return "Making network namespaces and veth links needs root (CAP_NET_ADMIN).";
        var probe = $"melmage-probe-{Environment.ProcessId}";
        try
        {
            var (code, output) = RunAsync("ip", ["netns", "add", probe]).GetAwaiter().GetResult();
            if (code != 0) return $"`ip netns add` is refused here: {output}";
            var (linkCode, linkOutput) = RunAsync("ip", ["link", "add", $"mmprobe{Environment.ProcessId % 10000}", "type", "veth", "peer", "name", $"mmprobe{Environment.ProcessId % 10000}p"]).GetAwaiter().GetResult();
            RunAsync("ip", ["link", "del", $"mmprobe{Environment.ProcessId % 10000}"]).GetAwaiter().GetResult();
            return linkCode == 0 ? null : $"veth links cannot be made here: {linkOutput}";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"The `ip` command (iproute2) is not available: {ex.Message}";
        }
        finally
        {
            try
            {
                RunAsync("ip", ["netns", "del", probe]).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
            }
        }
    }
}

/// <summary>Makes a server that listens on 127.0.0.1 reachable at an address of a veth link (what binding the server to
/// that address would do), and behaves like a server with TCP keepalive: a peer that vanished (link cut) is detected
/// within seconds and both sides are closed, so Postgres rolls back the vanished host's transaction and RabbitMQ
/// re-queues the messages it had not acknowledged.</summary>
public sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];

    public TcpRelay(IPAddress address, int targetPort)
    {
        _target = targetPort;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 2);
                client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 1);
                client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                client.SetRawSocketOption(6 /* IPPROTO_TCP */, 18 /* TCP_USER_TIMEOUT */, BitConverter.GetBytes(5000));
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                lock (_open)
                {
                    _open.Add(client);
                    _open.Add(server);
                }
                using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client, server, done.Token);
                var down = PumpAsync(server, client, done.Token);
                await Task.WhenAny(up, down);
                await done.CancelAsync();
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                lock (_open)
                {
                    _open.Remove(client);
                    _open.Remove(server);
                }
            }
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (n == 0) return;
                for (var sent = 0; sent < n;) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var socket in _open) socket.Dispose();
            _open.Clear();
        }
    }
}
