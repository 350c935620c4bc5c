using System.Diagnostics;
using MelMage.Data;
using MelMage.Tests.Infrastructure;
using MelMage.Worker.Gpu.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MelMage.Tests.Data;

/// <summary>The worker's <c>migrate</c> verb, which the AppHost runs once before the API and workers start, against
/// fresh databases on the fixture's Postgres.</summary>
[Collection(PipelineCollection.Name)]
public sealed class MigrateCommandTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Migrate_FreshDatabase_AppliesEveryMigrationAndSecondRunIsANoOp()
    {
        var connectionString = await CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>("ConnectionStrings:melmage", connectionString)])
            .Build();
        string[] migrations;
        await using (var db = MelMageDatabase.CreateContext(connectionString)) migrations = [.. db.Database.GetMigrations()];
        Assert.NotEmpty(migrations);

        var (code, output, error) = Run(configuration);

        Assert.True(code == 0, error);
        Assert.Contains($"Applied {migrations.Length} migration(s)", output);
        foreach (var migration in migrations) Assert.Contains(migration, output);
        Assert.Equal(migrations.Length, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM __ef_migrations_history"));
        Assert.Equal(0L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM jobs"));

        var (again, againOutput, againError) = Run(configuration);

        Assert.True(again == 0, againError);
        Assert.Contains("up to date", againOutput);
        Assert.DoesNotContain("Applied", againOutput);
        Assert.Equal(migrations.Length, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM __ef_migrations_history"));
    }

    /// <summary>Exactly as the AppHost runs it: <c>melmage-worker migrate</c> with <c>ConnectionStrings__melmage</c> in
    /// the environment.</summary>
    [Fact]
    public async Task Migrate_AsProcessWithEnvironment_ExitsZeroWithSchemaInPlace()
    {
        var connectionString = await CreateDatabaseAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestPaths.BuiltDll("MelMage.Worker.Gpu", "melmage-worker.dll"));
        start.ArgumentList.Add("migrate");
        start.Environment["ConnectionStrings__melmage"] = connectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await error}");
        Assert.Contains("Applied", await output);
        Assert.Equal(1L, await ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'training_runs'"));
    }

    private static (int Code, string Out, string Err) Run(IConfiguration configuration)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(["migrate"], configuration, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>An empty database, as Aspire's database resource creates it before anything migrates it.</summary>
    private async Task<string> CreateDatabaseAsync()
    {
        var name = $"migrate_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(pipeline.Servers.Postgres.GetConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return pipeline.Servers.Postgres.GetConnectionString(name);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
