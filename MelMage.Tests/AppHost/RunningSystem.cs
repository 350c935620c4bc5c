extern alias apphost;

using System.Diagnostics;
using System.Security.Cryptography;
using apphost::MelMage.AppHost.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MelMage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MelMage.Tests.AppHost;

/// <summary>The real AppHost started once for the test run through Aspire.Hosting.Testing, as a new user starts it: a
/// fresh state folder, the Aspire dashboard on, every resource healthy. The system tests, the page's end-to-end tests
/// and the dashboard's browser test share it.</summary>
public sealed class RunningSystem : IAsyncLifetime
{
    /// <summary>Every resource the AppHost declares that must end up running and healthy.</summary>
    public static readonly string[] LongRunning = ["postgres", "melmage", "redis", "rabbitmq", "rabbitmq-epmd", "api", "worker", "web"];

    private const string StateKey = apphost::MelMage.AppHost.Hosting.StateDirectory.ConfigurationKey;

    public DistributedApplication App { get; private set; } = null!;

    public string StateDirectory { get; } = NewStateDirectory();

    public string DashboardUrl { get; private set; } = null!;

    /// <summary>The dashboard's login token and its telemetry API key, as the AppHost handed them to it.</summary>
    public string BrowserToken { get; private set; } = null!;

    public string DashboardApiKey { get; private set; } = null!;

    public Uri WebAddress { get; private set; } = null!;

    public Uri ApiAddress { get; private set; } = null!;

    /// <summary>From the start of the AppHost to every resource healthy.</summary>
    public TimeSpan StartedIn { get; private set; }

    public HttpClient Web { get; private set; } = null!;

    /// <summary>The operator key, where the AppHost's start message says it is: "operator-key" in secrets.json in the
    /// state folder.</summary>
    public string OperatorKey => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(StateDirectory, "secrets.json")))
        .RootElement.GetProperty(AccessResources.OperatorKeyParameter).GetString()!;

    /// <summary>The dashboard's telemetry HTTP API (<c>/api/telemetry/...</c>), authenticated with its API key.</summary>
    public HttpClient Telemetry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The testing builder gives the dashboard ports of its own; the rest is what `dotnet run` takes from
        // Properties/launchSettings.json.
        string[] args =
        [
            $"{StateKey}={StateDirectory}",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"AppHost:DashboardApiKey={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}",
        ];
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(LocalServers), args, (options, _) =>
        {
            options.DisableDashboard = false;
            options.AllowUnsecuredTransport = true;
        });
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await App.StartAsync(timeout.Token);
        await Task.WhenAll(LongRunning.Select(r => App.ResourceNotifications.WaitForResourceHealthyAsync(r, timeout.Token)));
        StartedIn = clock.Elapsed;

        var dashboard = App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<IResourceWithEnvironment>().Single(r => r.Name == "aspire-dashboard");
#pragma warning disable CS0618 // the testing helper that resolves a resource's environment as DCP will
        var dashboardEnvironment = await dashboard.GetEnvironmentVariableValuesAsync();
#pragma warning restore CS0618
        BrowserToken = dashboardEnvironment["DASHBOARD__FRONTEND__BROWSERTOKEN"];
        DashboardApiKey = dashboardEnvironment["DASHBOARD__API__PRIMARYAPIKEY"];
        DashboardUrl = App.GetEndpoint("aspire-dashboard", "http").ToString().TrimEnd('/');
        WebAddress = App.GetEndpoint("web", "http");
        ApiAddress = App.GetEndpoint("api", "http");
        Web = new HttpClient { BaseAddress = WebAddress, Timeout = TimeSpan.FromSeconds(60) };
        Telemetry = new HttpClient { BaseAddress = new Uri(DashboardUrl), Timeout = TimeSpan.FromSeconds(30) };
        Telemetry.DefaultRequestHeaders.Add("x-api-key", DashboardApiKey);
    }

    public async Task DisposeAsync()
    {
        Web?.Dispose();
        Telemetry?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static string NewStateDirectory()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"melmage-apphost-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // Postgres runs as the postgres user when the tests run as root: the folder must be reachable.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        return folder;
    }
}

/// <summary>Tests sharing one running system; run one at a time, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "Running system";
}
