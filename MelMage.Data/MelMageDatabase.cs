using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace MelMage.Data;

/// <summary>The MelMage database: how services register it, how one-off tools open it, and how its schema is migrated
/// (in one place only: the worker's <c>migrate</c> verb, which the AppHost runs before the services start).</summary>
public static class MelMageDatabase
{
    /// <summary>The connection name of the database resource: Aspire injects <c>ConnectionStrings__melmage</c>.</summary>
    public const string ConnectionName = "melmage";

    /// <summary>EF Core's history table, in the snake case of every other table.</summary>
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>Retries of a command that failed transiently in a context made here (the services' contexts get
    /// Aspire's integration's retries).</summary>
    private const int MaxRetryCount = 5;

    /// <summary>Registers <see cref="MelMageDbContext"/> through Aspire's Npgsql EF Core integration on
    /// <c>ConnectionStrings:melmage</c>: a pooled context with retries on transient failures, a health check, and
    /// Npgsql's traces and metrics. It does not migrate: the schema must be there already.</summary>
    /// <param name="builder">The service's builder.</param>
    /// <param name="failFast">Replaces the integration's retry policy (6 retries, delays up to 30 s, each connection
    /// attempt up to 15 s: minutes before an outage surfaces) with a shorter one and a shorter connection timeout. The
    /// API uses it, so that a request during an outage is answered 503 within seconds instead of hanging; the worker
    /// keeps the long one and rides out short outages.</param>
    public static IHostApplicationBuilder AddMelMageDbContext(this IHostApplicationBuilder builder,
        (int MaxRetryCount, TimeSpan MaxRetryDelay, int ConnectTimeoutSeconds)? failFast = null)
    {
        builder.AddNpgsqlDbContext<MelMageDbContext>(ConnectionName,
            configureSettings: failFast is not { } f ? null : settings =>
            {
                settings.DisableRetry = true;
                if (settings.ConnectionString is { Length: > 0 } connectionString)
                {
                    settings.ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
                        { Timeout = f.ConnectTimeoutSeconds }.ConnectionString;
                }
            },
            configureDbContextOptions: options => ConfigureModel(options.UseNpgsql(npgsql =>
            {
                ConfigureNpgsql(npgsql);
                if (failFast is { } r) npgsql.EnableRetryOnFailure(r.MaxRetryCount, r.MaxRetryDelay, null);
            })));
        return builder;
    }

    /// <summary>A context outside dependency injection (the command line's training record and migrations, tests).</summary>
    public static MelMageDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MelMageDbContext>();
        ConfigureModel(options.UseNpgsql(connectionString, npgsql => ConfigureNpgsql(npgsql.EnableRetryOnFailure(MaxRetryCount))));
        return new MelMageDbContext(options.Options);
    }

    /// <summary>Applies every pending migration inside the execution strategy, creating the database if it does not
    /// exist. EF Core holds a database lock while it migrates, so two callers at once are safe.</summary>
    /// <returns>The migrations applied by this call, oldest first; empty when the schema was up to date.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        using var activity = DataTelemetry.ActivitySource.StartActivity("Migrate database");
        await using var db = CreateContext(connectionString);
        var strategy = db.Database.CreateExecutionStrategy();
        var applied = await strategy.ExecuteAsync(async ct =>
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0) await db.Database.MigrateAsync(ct);
            return pending;
        }, cancellationToken);
        activity?.SetTag("melmage.migrations_applied", applied.Count);
        return applied;
    }

    internal static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable(MigrationsHistoryTable);

    internal static DbContextOptionsBuilder ConfigureModel(DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention();
}
