using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MelMage.AppHost.Servers;

namespace MelMage.AppHost.Hosting;

/// <summary>A .NET project run from its build output (<c>dotnet bin/CONFIG/net10.0/NAME.dll</c>) with the environment
/// Aspire would give it. Web projects get an http endpoint on 127.0.0.1 and are healthy when <c>/health</c> says so.</summary>
public sealed partial class ProjectResource : Resource
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<string, string> _environment;
    private ServerProcess? _process;

    internal ProjectResource(string name, string projectPath, string configuration, int? httpPort,
        Dictionary<string, string> environment, string serviceName) : base(name, "Project")
    {
        ProjectPath = projectPath;
        ServiceName = serviceName;
        HttpPort = httpPort;
        _environment = environment;
        var assemblyName = ReadAssemblyName(projectPath);
        AssemblyPath = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, "net10.0", assemblyName + ".dll");
    }

    public string ProjectPath { get; }

    public string AssemblyPath { get; }

    /// <summary>The logical service (<c>OTEL_SERVICE_NAME</c>, <c>services__NAME__http__0</c>): replicas share it.</summary>
    public string ServiceName { get; }

    public int? HttpPort { get; }

    public string? HttpUrl => HttpPort is { } port ? $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" : null;

    public bool External { get; internal set; }

    public override int? ProcessId => _process?.Id;

    protected override bool HasExited => _process is null or { HasExited: true };

    protected override int? LastExitCode => _process?.ExitCode;

    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        HttpUrl is { } url ? [new("http", url, External)] : [];

    public override IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>True for projects built with the Web SDK (they serve HTTP and /health).</summary>
    internal static bool IsWebProject(string projectPath) =>
        File.ReadAllText(projectPath).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal);

    protected override Task StartProcessAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new FileNotFoundException(
                $"{AssemblyPath} is missing: build the solution first (dotnet run --project MelMage.AppHost builds it).");
        }
        // setsid: a Ctrl-C in the terminal reaches the AppHost only, which then stops the services in order.
        _process = ServerProcess.Start("setsid", ["dotnet", AssemblyPath], _environment,
            Path.GetDirectoryName(ProjectPath), line => Console.Append(line));
        return Task.CompletedTask;
    }

    /// <summary>SIGTERM (the host shuts down gracefully), then the process tree is killed after 15 s.</summary>
    public override async Task StopProcessAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
        _process = null;
    }

    protected override async Task<bool> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (HasExited) return false;
        if (HttpUrl is null) return true;
        using var response = await Probe.GetAsync(HttpUrl + "/health", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    private static string ReadAssemblyName(string projectPath)
    {
        var name = XDocument.Load(projectPath).Descendants("AssemblyName").FirstOrDefault()?.Value;
        return string.IsNullOrWhiteSpace(name) || MsBuildProperty().IsMatch(name)
            ? Path.GetFileNameWithoutExtension(projectPath)
            : name.Trim();
    }

    [GeneratedRegex(@"\$\(")]
    private static partial Regex MsBuildProperty();
}
