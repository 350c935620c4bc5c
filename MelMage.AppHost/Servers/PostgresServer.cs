using System.Globalization;
using Npgsql;

namespace MelMage.AppHost.Servers;

/// <summary>A PostgreSQL server run from the Debian binaries on 127.0.0.1, with its data in a folder of its own
/// (created with initdb on first start). As root it runs as the <c>postgres</c> user, because postgres refuses root.</summary>
public sealed class PostgresServer : IServer, IAsyncDisposable
{
    private readonly PostgresServerOptions _options;
    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser = Environment.UserName == "root";
    private ServerProcess? _process;

    public PostgresServer(PostgresServerOptions options)
    {
        _options = options;
        _binDirectory = options.BinDirectory ?? FindBinDirectory();
        Port = options.Port ?? ServerProcess.FreePort();
    }

    public int Port { get; }

    /// <summary>The running server process (null when stopped), for its id and whether it is still alive.</summary>
    public ServerProcess? Process => _process;

    public string DataDirectory => Path.Combine(_options.DataDirectory, "pgdata");

    private string SocketDirectory => Path.Combine(_options.DataDirectory, "socket");

    /// <summary>The Npgsql connection string in the form Aspire injects as <c>ConnectionStrings__postgres</c>.</summary>
    public string ConnectionString => GetConnectionString(_options.Database);

    public string GetConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={_options.Username};Password={_options.Password};Database={database}";

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null) throw new InvalidOperationException("The server is already started.");
        Directory.CreateDirectory(_options.DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (_runAsPostgresUser) await ChownAsync(_options.DataDirectory, cancellationToken);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) await InitDbAsync(cancellationToken);

        List<string> arguments =
        [
            "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", SocketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", $"max_connections={_options.MaxConnections}",
        ];
        if (!_options.Durable)
        {
            // Throwaway instances (tests): trade crash safety for speed.
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        _process = _runAsPostgresUser
            ? ServerProcess.Start("runuser", ["-u", "postgres", "--", Binary("postgres"), .. arguments],
                onOutput: _options.Output)
            : ServerProcess.Start(Binary("postgres"), arguments, onOutput: _options.Output);
        await _process.WaitUntilAsync("postgres", IsReadyAsync, _options.StartTimeout, cancellationToken);
    }

    /// <summary>Creates <paramref name="database"/> when it does not exist yet and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(GetConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return GetConnectionString(database);
    }

    /// <summary>Fast shutdown (clients disconnected, data consistent), then the process tree is killed if needed.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        NpgsqlConnection.ClearAllPools();
        if (!_process.HasExited)
        {
            try
            {
                string[] stop = ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "20"];
                if (_runAsPostgresUser)
                    await ServerProcess.RunToCompletionAsync("runuser", ["-u", "postgres", "--", Binary("pg_ctl"), .. stop]);
                else
                    await ServerProcess.RunToCompletionAsync(Binary("pg_ctl"), stop);
            }
            catch (InvalidOperationException)
            {
                // pg_ctl could not stop it; the kill below does.
            }
        }
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(GetConnectionString("postgres")) { Pooling = false, Timeout = 3 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(_options.DataDirectory, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, _options.Password, cancellationToken);
        try
        {
            if (_runAsPostgresUser) await ChownAsync(passwordFile, cancellationToken);
            string[] arguments =
            [
                "-D", DataDirectory, "-U", _options.Username, $"--pwfile={passwordFile}", "-E", "UTF8",
                "--auth-host=scram-sha-256", "--auth-local=trust", "--no-sync",
            ];
            if (_runAsPostgresUser)
            {
                await ServerProcess.RunToCompletionAsync("runuser",
                    ["-u", "postgres", "--", Binary("initdb"), .. arguments], cancellationToken: cancellationToken);
            }
            else
            {
                await ServerProcess.RunToCompletionAsync(Binary("initdb"), arguments, cancellationToken: cancellationToken);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        await ServerProcess.RunToCompletionAsync("chown", ["-R", "postgres:postgres", path],
            cancellationToken: cancellationToken);
        try
        {
            await ServerProcess.RunToCompletionAsync("runuser", ["-u", "postgres", "--", "test", "-w", path],
                cancellationToken: cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"The postgres user cannot write to {path}: every folder above it must be searchable by others (chmod o+x).");
        }
    }

    private string Binary(string name) => Path.Combine(_binDirectory, name);

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql).");
    }
}
