using System.Net;
using MelMage.AppHost.Dashboard;

namespace MelMage.AppHost.Hosting;

/// <summary>The built application: the resources in declaration order and the dashboard that shows them. Run() blocks
/// until Ctrl-C or SIGTERM, then stops everything in reverse order.</summary>
public sealed class DistributedApplication
{
    internal DistributedApplication(DistributedApplicationBuilder builder, IReadOnlyList<Resource> resources)
    {
        Builder = builder;
        Resources = resources;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    public DistributedApplicationBuilder Builder { get; }

    public IReadOnlyList<Resource> Resources { get; }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync()
    {
        if (Prerequisites.Missing() is { } message)
        {
            Console.Error.WriteLine(message);
            Environment.ExitCode = 2;
            return;
        }

        // One AppHost per state folder: a second one would find Postgres' data locked and loop on restarts.
        using var stateLock = LockStateDirectory();
        if (stateLock is null)
        {
            Console.Error.WriteLine($"Another MelMage.AppHost is running with the state folder {Builder.StateDirectory} "
                                    + "(stop it, or set MELMAGE_STATE_DIR to another folder).");
            Environment.ExitCode = 3;
            return;
        }

        var web = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        web.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        web.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Builder.DashboardPort));
        // Stopping the services one by one (each gets up to 15 s) must not be cut short by the host.
        web.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(3));
        web.Services.AddSingleton(this);
        web.Services.AddSingleton(new TelemetryStore(Path.Combine(Builder.StateDirectory, "telemetry")));
        web.Services.AddHostedService<Orchestrator>();

        var app = web.Build();
        app.MapDashboard(Builder.DashboardToken);
        await app.RunAsync();
    }

    private FileStream? LockStateDirectory()
    {
        try
        {
            return new FileStream(Path.Combine(Builder.StateDirectory, "apphost.lock"), FileMode.OpenOrCreate,
                FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
