extern alias api;

using MelMage.Data;
using MelMage.Worker.Gpu.Analysis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace MelMage.Tests.Infrastructure;

/// <summary>The system under test for one test run: real servers, the database migrated once (as the AppHost's
/// <c>migrate</c> run does before any service starts), the API in-process (lazily, on first use) and one in-process
/// worker on the untrained engine that tests can stop and replace.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public const string Database = "melmage";

    /// <summary>Upload limit the tests configure, so that "too large" does not need 50 MB bodies.</summary>
    public const long MaxUploadBytes = 4 * 1024 * 1024;

    /// <summary>The operator key of the fixture's API (send it as <c>X-Api-Key</c> or <c>Authorization: Bearer</c>).</summary>
    public const string OperatorKey = "test-operator-key-0123456789";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplicationFactory<api::Program>? _api;

    public ServersFixture Servers { get; } = new();

    public InProcessWorker? Worker { get; private set; }

    public string PostgresConnectionString => Servers.Postgres.GetConnectionString(Database);

    /// <summary>What Aspire would inject into every service (<c>ConnectionStrings__melmage</c> is the database).</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings => new Dictionary<string, string>
    {
        [$"ConnectionStrings:{MelMageDatabase.ConnectionName}"] = PostgresConnectionString,
        ["ConnectionStrings:redis"] = Servers.Redis.ConnectionString,
        ["ConnectionStrings:rabbitmq"] = Servers.RabbitMq.ConnectionString,
    };

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        // The services no longer migrate at start.
        await MelMageDatabase.MigrateAsync(PostgresConnectionString);
    }

    /// <summary>An HTTP client of the in-process API; the API (and a worker, unless asked not to) start on first use.</summary>
    public async Task<HttpClient> ApiAsync(bool withWorker = true)
    {
        await _gate.WaitAsync();
        try
        {
            _api ??= new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
            {
                foreach (var (key, value) in ConnectionStrings) web.UseSetting(key, value);
                web.UseSetting("Api:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                web.UseSetting("Api:WorkerTimeoutSeconds", "120");
                web.UseSetting("Api:OperatorKey", OperatorKey);
                // Training runs read temporary ESC-50 subsets (Esc50Subset) and the shared dev set.
                web.UseSetting("Training:DataRoots:0", Path.GetTempPath());
                web.UseSetting("Training:DataRoots:1", TestPaths.Esc50Dev);
                // Every test of the collection shares one client address; the limits have tests of their own.
                web.UseSetting("Api:RateLimits:Requests", "1000000");
            });
            var client = _api.CreateClient();
            if (withWorker && Worker is null) Worker = await InProcessWorker.StartAsync(ConnectionStrings);
            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The services of the fixture's API (started by <see cref="ApiAsync"/>).</summary>
    public IServiceProvider ApiServices => _api?.Services ?? throw new InvalidOperationException("The API is not started.");

    public async Task StopWorkerAsync()
    {
        if (Worker is null) return;
        await Worker.DisposeAsync();
        Worker = null;
    }

    public async Task<InProcessWorker> StartWorkerAsync(Func<IClipAnalyzer, IClipAnalyzer>? wrap = null,
        string? modelsDirectory = null, int batchSize = 16, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await StopWorkerAsync();
        Worker = await InProcessWorker.StartAsync(ConnectionStrings, batchSize, wrap, modelsDirectory, settings);
        return Worker;
    }

    /// <summary>Lets a normal worker finish every job still queued or processing (tests that upload without a worker
    /// leave theirs behind), so that a test injecting engine failures counts only its own clips.</summary>
    public async Task DrainAsync(TimeSpan? timeout = null)
    {
        if (Worker is null) await StartWorkerAsync();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status IN ('queued', 'processing')") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Jobs of earlier tests are still unfinished.");
            await Task.Delay(200);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await StopWorkerAsync();
        if (_api is not null) await _api.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Servers.DisposeAsync();
    }
}

/// <summary>Runs alone, after the parallel collections: its in-process worker creates engines (which reseed torch's
/// global generator and set its thread count) and grows the process's memory, which would disturb the determinism and
/// memory tests of the model running beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "Pipeline on real servers";
}
