using System.Net;
using System.Net.Sockets;
using System.Reflection;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Web;

/// <summary>Where the web tests find MelMage.Web's build, its page sources and Chromium, and where they leave
/// screenshots.</summary>
public static class WebTestPaths
{
    public static string WebProjectDirectory => Path.Combine(TestPaths.RepositoryRoot, "MelMage.Web");

    public static string ClientAppDirectory => Path.Combine(WebProjectDirectory, "ClientApp");

    /// <summary>MelMage.Web.dll of the same configuration as this test assembly (built first by the project reference).</summary>
    public static string WebAssembly { get; } =
        typeof(WebTestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MelMageWebAssembly").Value!;

    /// <summary>Debian's Chromium; the tests never download a browser.</summary>
    public static string Chromium =>
        Environment.GetEnvironmentVariable("MELMAGE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string Artifacts
    {
        get
        {
            var dir = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots", "web");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
