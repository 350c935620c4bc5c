using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MelMage.Data;

public static class DataExtensions
{
    /// <summary>The connection name Aspire uses: <c>ConnectionStrings__postgres</c>.</summary>
    public const string ConnectionName = "postgres";

    /// <summary>Registers <see cref="MelMageDbContext"/> on <c>ConnectionStrings:postgres</c> (with retries on
    /// transient failures) and migrates the database at start.</summary>
    public static IHostApplicationBuilder AddMelMageData(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing (set ConnectionStrings__{ConnectionName}).");
        builder.Services.AddDbContextPool<MelMageDbContext>(options => Configure(options, connectionString));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    /// <summary>A context outside dependency injection (the command line's training record).</summary>
    public static MelMageDbContext CreateContext(string connectionString) =>
        new(Configure(new DbContextOptionsBuilder<MelMageDbContext>(), connectionString).Options as DbContextOptions<MelMageDbContext>
            ?? throw new InvalidOperationException("Unexpected options type."));

    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                .EnableRetryOnFailure(5))
            .UseSnakeCaseNamingConvention();
}
