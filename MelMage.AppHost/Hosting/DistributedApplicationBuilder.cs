using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace MelMage.AppHost.Hosting;

/// <summary>Declares the resources, as Aspire's builder does: servers at once (their ports and folders are known),
/// projects when <see cref="Build"/> expands replicas and writes their environment.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _servers = [];
    private readonly List<ProjectBuilder> _projects = [];
    private readonly PortRegistry _ports;
    private readonly Dictionary<string, string> _secrets;

    internal DistributedApplicationBuilder(string[] args)
    {
        Workers = ParseWorkers(args);
        RepositoryRoot = FindRepositoryRoot();
        AppHostDirectory = Path.Combine(RepositoryRoot, "MelMage.AppHost");
        StateDirectory = Path.GetFullPath(System.Environment.GetEnvironmentVariable("MELMAGE_STATE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RepositoryRoot, ".melmage"));
        Directory.CreateDirectory(StateDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // Postgres runs as the postgres user when the AppHost runs as root: it must reach its folder.
            File.SetUnixFileMode(StateDirectory, (UnixFileMode)0b111_101_101);
        }
        Configuration = typeof(DistributedApplicationBuilder).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        _ports = new PortRegistry(Path.Combine(StateDirectory, "ports.json"));
        _secrets = LoadSecrets(Path.Combine(StateDirectory, "secrets.json"));
        DashboardPort = _ports.Get("dashboard");
        DashboardToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary><c>--workers N</c>: replicas of the worker (1 by default).</summary>
    public int Workers { get; }

    public string RepositoryRoot { get; }

    public string AppHostDirectory { get; }

    /// <summary><c>MELMAGE_STATE_DIR</c>, else <c>.melmage/</c> in the repository: server data, logs, telemetry.</summary>
    public string StateDirectory { get; }

    /// <summary>The build configuration of the AppHost; the projects it runs are built in the same one.</summary>
    public string Configuration { get; }

    public int DashboardPort { get; }

    public string DashboardToken { get; }

    public string DashboardUrl => $"http://127.0.0.1:{DashboardPort.ToString(CultureInfo.InvariantCulture)}";

    public PostgresResource AddPostgres(string name) =>
        AddServer(new PostgresResource(name, Folder(name), _ports.Get(name), Secret($"{name}-password")));

    public RedisResource AddRedis(string name) => AddServer(new RedisResource(name, Folder(name), _ports.Get(name)));

    public RabbitMqResource AddRabbitMQ(string name) =>
        AddServer(new RabbitMqResource(name, Folder(name), _ports.Get(name), Secret($"{name}-password")));

    /// <summary>A project by its path relative to the AppHost's project folder, as in Aspire.</summary>
    public ProjectBuilder AddProject(string name, string projectPath)
    {
        var project = new ProjectBuilder(name, Path.GetFullPath(Path.Combine(AppHostDirectory, projectPath)));
        _projects.Add(project);
        return project;
    }

    public DistributedApplication Build()
    {
        List<Resource> resources = [];
        foreach (var server in _servers)
        {
            resources.Add(server);
            if (server is PostgresResource postgres) resources.AddRange(postgres.Databases);
        }
        foreach (var project in _projects)
        {
            var web = ProjectResource.IsWebProject(project.ProjectPath);
            for (var i = 1; i <= project.Replicas; i++)
            {
                var name = project.Replicas == 1 ? project.Name : $"{project.Name}-{i}";
                var port = web ? _ports.Get(name) : (int?)null;
                project.Instances.Add(new ProjectResource(name, project.ProjectPath, Configuration, port,
                    new Dictionary<string, string>(), project.Name) { External = project.External });
            }
        }
        foreach (var project in _projects)
        {
            foreach (var instance in project.Instances)
            {
                Inject(project, instance);
                instance.WaitsFor.AddRange(project.ResourceWaits);
                instance.WaitsFor.AddRange(project.ProjectWaits.SelectMany(p => p.Instances));
                resources.Add(instance);
            }
        }
        foreach (var resource in resources)
        {
            resource.UseConsoleFile(Path.Combine(StateDirectory, "logs", resource.Name + ".log"));
        }
        return new DistributedApplication(this, resources);
    }

    /// <summary>What Aspire injects into a project (see docs/apphost.md).</summary>
    private void Inject(ProjectBuilder project, ProjectResource instance)
    {
        var environment = (Dictionary<string, string>)instance.Environment;
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        if (instance.HttpUrl is { } url) environment["ASPNETCORE_URLS"] = url;
        foreach (var (resource, connectionName) in project.ConnectionReferences)
        {
            environment[$"ConnectionStrings__{connectionName}"] = resource.ConnectionString;
        }
        foreach (var service in project.ServiceReferences)
        {
            var endpoints = service.Instances.Select(i => i.HttpUrl).OfType<string>().ToList();
            for (var i = 0; i < endpoints.Count; i++) environment[$"services__{service.Name}__http__{i}"] = endpoints[i];
        }
        environment["OTEL_SERVICE_NAME"] = project.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instance.Name}";
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = DashboardUrl;
        // Aspire's dashboard takes gRPC; ours takes OTLP/HTTP with protobuf bodies (/v1/traces, /v1/metrics, /v1/logs).
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        environment["OTEL_TRACES_SAMPLER"] = "always_on";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        // Aspire uses 1 s; 5 s keeps the stored history of runtime metrics five times longer for the same disk cap.
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "5000";
        environment["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        environment["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
        environment["LOGGING__CONSOLE__FORMATTEROPTIONS__TIMESTAMPFORMAT"] = "yyyy-MM-ddTHH:mm:ss.fffffff ";
        foreach (var (key, value) in project.ExtraEnvironment) environment[key] = value;
    }

    private T AddServer<T>(T server) where T : Resource
    {
        _servers.Add(server);
        return server;
    }

    private string Folder(string name)
    {
        var folder = Path.Combine(StateDirectory, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Passwords generated on the first run and kept (the servers' data was initialised with them).</summary>
    private string Secret(string key)
    {
        if (_secrets.TryGetValue(key, out var value)) return value;
        value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _secrets[key] = value;
        var file = Path.Combine(StateDirectory, "secrets.json");
        File.WriteAllText(file, JsonSerializer.Serialize(_secrets));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }

    private static Dictionary<string, string> LoadSecrets(string file) =>
        File.Exists(file) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? [] : [];

    private static int ParseWorkers(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var value = args[i] == "--workers" && i + 1 < args.Length ? args[i + 1]
                : args[i].StartsWith("--workers=", StringComparison.Ordinal) ? args[i]["--workers=".Length..] : null;
            if (value is null) continue;
            if (int.TryParse(value, CultureInfo.InvariantCulture, out var workers) && workers is >= 1 and <= 64) return workers;
            throw new ArgumentException($"--workers takes a number from 1 to 64, not '{value}'.");
        }
        return 1;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MelMage.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("MelMage.sln not found above " + AppContext.BaseDirectory);
    }
}
