using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MelMage.AppHost.Hosting;

/// <summary>Ports on 127.0.0.1 chosen once per name and kept in the state folder, so that addresses (and RabbitMQ's node
/// name, which contains its port) stay the same from one run to the next while the port is still free.</summary>
public sealed class PortRegistry
{
    private readonly string _file;
    private readonly Dictionary<string, int> _ports;

    public PortRegistry(string file)
    {
        _file = file;
        _ports = File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(file)) ?? []
            : [];
    }

    public int Get(string name)
    {
        if (_ports.TryGetValue(name, out var saved) && IsFree(saved)) return saved;
        var port = FreePortNotIn(_ports.Values);
        _ports[name] = port;
        File.WriteAllText(_file, JsonSerializer.Serialize(_ports, new JsonSerializerOptions { WriteIndented = true }));
        return port;
    }

    private static int FreePortNotIn(IEnumerable<int> taken)
    {
        var reserved = taken.ToHashSet();
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!reserved.Contains(port)) return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
