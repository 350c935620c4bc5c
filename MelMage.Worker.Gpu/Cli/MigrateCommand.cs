using MelMage.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>migrate</c>: applies pending EF Core migrations to the database in <c>ConnectionStrings__melmage</c>.
/// The only place the schema changes: the AppHost runs it once, and the API and workers wait for it to complete.</summary>
internal static class MigrateCommand
{
    public static int Run(CliArguments args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        args.RejectUnknown();
        if (args.Positional.Count > 0)
        {
            throw new CliException($"migrate takes no arguments; it reads ConnectionStrings__{MelMageDatabase.ConnectionName}.");
        }

        var connectionString = configuration.GetConnectionString(MelMageDatabase.ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error.WriteLine($"migrate: no database to migrate: set ConnectionStrings__{MelMageDatabase.ConnectionName} " +
                "to the MelMage database's Npgsql connection string (the AppHost injects it).");
            return ExitCodes.Config;
        }

        string database;
        try
        {
            database = Describe(connectionString);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"migrate: ConnectionStrings__{MelMageDatabase.ConnectionName} is not an Npgsql connection string: {OneLine(e.Message)}");
            return ExitCodes.Config;
        }

        output.WriteLine($"Migrating {database} ...");
        try
        {
            var applied = MelMageDatabase.MigrateAsync(connectionString).GetAwaiter().GetResult();
            output.WriteLine(applied.Count == 0
                ? $"{database} is up to date; no migrations to apply."
                : $"Applied {applied.Count} migration(s) to {database}: {string.Join(", ", applied)}.");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is NpgsqlException or RetryLimitExceededException or TimeoutException)
        {
            error.WriteLine($"migrate: could not reach {database}: {OneLine(Innermost(e).Message)}");
            return ExitCodes.Unavailable;
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            error.WriteLine($"migrate: migrating {database} failed: {OneLine(Innermost(e).Message)}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Where, without the password.</summary>
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
