using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace MelMage.AppHost.Hosting;

/// <summary>
/// <c>AddLocalPostgres</c>, <c>AddLocalRedis</c> and <c>AddLocalRabbitMQ</c>: Debian's servers as Aspire executable
/// resources, with their data under the state folder, a health check that speaks each server's protocol (so
/// <c>WaitFor</c> waits for real readiness) and a clean stop. The AppHost and the tests both declare servers with these.
/// </summary>
public static class LocalServers
{
    public const string EndpointName = "tcp";

    /// <summary>Configuration key: <c>false</c> trades crash safety for speed (fsync off, no snapshots) in throwaway runs.</summary>
    public const string DurableKey = "MelMage:Servers:Durable";

    private static bool Durable(IDistributedApplicationBuilder builder) =>
        !string.Equals(builder.Configuration[DurableKey], "false", StringComparison.OrdinalIgnoreCase);

    private static bool IsRoot => Environment.UserName == "root";

    // ---------------------------------------------------------------- Postgres

    /// <summary>A PostgreSQL server. A run-once <c>NAME-init</c> resource creates the cluster (initdb) on first start;
    /// as root both run as Debian's <c>postgres</c> user (postgres refuses root). DCP stops resources with SIGTERM,
    /// which Postgres takes as a "smart" shutdown that waits for every client and is then cut short by SIGKILL; the
    /// wrapper turns it into a fast shutdown (SIGINT), so the next start needs no crash recovery. If the wrapper itself
    /// is killed, the server gets SIGINT from the kernel (parent-death signal).</summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        string name, StateDirectory state)
    {
        var folder = state[name];
        var data = Path.Combine(folder, "pgdata");
        var sockets = Path.Combine(folder, "socket");
        Directory.CreateDirectory(sockets);
        var bin = PostgresBinDirectory();
        var password = builder.AddSecret($"{name}-password", state);

        var init = builder.AddExecutable($"{name}-init", "/bin/sh", folder, "-c", InitScript, "initdb",
                Path.Combine(bin, "initdb"), data, IsRoot ? "postgres" : "")
            .WithEnvironment("INIT_PASSWORD", password.Resource)
            .ExcludeFromManifest();

        var server = new LocalPostgresResource(name, "/bin/sh", folder, password.Resource);
        var durable = Durable(builder);
        var resource = builder.AddResource(server)
            .WithEndpoint(name: EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("-c");
                context.Args.Add(ForwardTermAsIntScript);
                context.Args.Add(name);
                Add(context.Args, RunAs(IsRoot ? "postgres" : null, "INT"));
                Add(context.Args, [Path.Combine(bin, "postgres"), "-D", data, "-k", sockets, "-p"]);
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                Add(context.Args, ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]);
                if (!durable) Add(context.Args, ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
            })
            .WaitForCompletion(init)
            .WithHealthCheck(builder.AddProbe($"{name}-ready", async ct =>
            {
                var connection = await server.ConnectionStringExpression.GetValueAsync(ct);
                await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection)
                    { Pooling = false, Timeout = 3, Database = "postgres" }.ConnectionString);
                await db.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT 1", db);
                return await command.ExecuteScalarAsync(ct) is 1;
            }))
            .ExcludeFromManifest();
        init.WithParentRelationship(resource);

        // As AddDatabase does for the container integration: the databases exist as soon as the server is ready.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, ct) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var connection = await server.ConnectionStringExpression.GetValueAsync(ct);
            foreach (var database in server.Databases)
            {
                await CreateDatabaseAsync(connection!, database.DatabaseName, ct);
                await notifications.PublishUpdateAsync(database, s => s with
                {
                    State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                });
            }
        });
        return resource;
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        var builder = server.ApplicationBuilder;
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", database.DatabaseName)],
            })
            .WithHealthCheck(builder.AddProbe($"{name}-ready", async ct =>
            {
                await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(
                    await database.ConnectionStringExpression.GetValueAsync(ct)) { Pooling = false, Timeout = 3 }.ConnectionString);
                await db.OpenAsync(ct);
                return true;
            }))
            .ExcludeFromManifest();
    }

    // ---------------------------------------------------------------- Redis

    /// <summary>A Redis server (SIGTERM: it saves its snapshot and exits).</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder,
        string name, StateDirectory state)
    {
        var folder = state[name];
        Directory.CreateDirectory(folder);
        var password = builder.AddSecret($"{name}-password", state);
        var server = new LocalRedisResource(name, "redis-server", folder, password.Resource);
        var durable = Durable(builder);
        return builder.AddResource(server)
            .WithEndpoint(name: EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                Add(context.Args, ["--bind", "127.0.0.1", "--dir", folder, "--daemonize", "no",
                    "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru",
                    // SIGTERM stops it even when the last snapshot cannot be written (its folder gone, disk full):
                    // without this Redis refuses to exit and outlives the AppHost.
                    "--shutdown-on-sigterm", "force", "--requirepass"]);
                context.Args.Add(password.Resource);
                if (!durable) Add(context.Args, ["--save", "", "--appendonly", "no"]);
            })
            .WithHealthCheck(builder.AddProbe($"{name}-ready", async ct =>
            {
                var connection = await server.ConnectionStringExpression.GetValueAsync(ct);
                await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connection + ",abortConnect=false,connectTimeout=2000");
                await redis.GetDatabase().PingAsync();
                return redis.IsConnected;
            }))
            .ExcludeFromManifest();
    }

    // ---------------------------------------------------------------- RabbitMQ

    /// <summary>A RabbitMQ node with its own node name, database, logs and Erlang cookie under the state folder, and
    /// its own <c>epmd</c> as a child resource. The node never starts an epmd itself (one it starts daemonises and
    /// outlives everything): it waits until the resource's epmd answers, and with <c>-start_epmd false</c> a node
    /// that finds none fails instead.</summary>
    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMQ(this IDistributedApplicationBuilder builder,
        string name, StateDirectory state)
    {
        var folder = state[name];
        foreach (var sub in new[] { "home", "log", "mnesia" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        var password = builder.AddSecret($"{name}-password", state);
        File.WriteAllText(Path.Combine(folder, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(folder, "rabbitmq.conf"), $"""
            loopback_users = none
            default_user = {LocalRabbitMqResource.UserName}
            default_pass = {state.Secret($"{name}-password")}
            disk_free_limit.absolute = 50MB
            log.console = true
            log.console.level = warning
            log.file = false

            """);

        // DCP does not resolve one resource's allocated port in another's environment, so epmd's port is chosen here.
        var epmdPort = FreePort().ToString(CultureInfo.InvariantCulture);
        var epmd = builder.AddExecutable($"{name}-epmd", "epmd", folder, "-address", "127.0.0.1", "-port", epmdPort)
            .WithHealthCheck(builder.AddProbe($"{name}-epmd-ready", ct => EpmdAnswersAsync(int.Parse(epmdPort, CultureInfo.InvariantCulture), ct)))
            .ExcludeFromManifest();

        var server = new LocalRabbitMqResource(name, "/usr/lib/rabbitmq/bin/rabbitmq-server", folder, password.Resource);
        var resource = builder.AddResource(server)
            .WithEndpoint(name: EndpointName, scheme: "tcp")
            .WithEndpoint(name: "dist", scheme: "tcp")
            .WithEnvironment(context =>
            {
                var env = context.EnvironmentVariables;
                env["HOME"] = Path.Combine(folder, "home");
                env["RABBITMQ_NODENAME"] = "melmage@localhost";
                env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                env["RABBITMQ_NODE_PORT"] = server.PrimaryEndpoint.Property(EndpointProperty.TargetPort);
                env["RABBITMQ_DIST_PORT"] = server.GetEndpoint("dist").Property(EndpointProperty.TargetPort);
                env["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia");
                env["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log");
                env["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf");
                env["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(folder, "advanced.config");
                env["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf");
                env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins");
                env["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid");
                env["RABBITMQ_LOGS"] = "-";
                // The script then execs the Erlang VM instead of running it in the background behind signal traps:
                // DCP's SIGTERM reaches the VM (a clean stop) and a SIGKILL leaves no VM behind.
                env["RUNNING_UNDER_SYSTEMD"] = "true";
                env["ERL_EPMD_PORT"] = epmdPort;
                env["ERL_EPMD_ADDRESS"] = "127.0.0.1";
                // Read by every Erlang VM this node starts, including the "epmd-starter" that RabbitMQ's boot runs:
                // neither may daemonise an epmd of its own when the resource's is not (or no longer) listening.
                env["ERL_ZFLAGS"] = "-start_epmd false";
            })
            .WaitFor(epmd)
            .WithHealthCheck(builder.AddProbe($"{name}-ready", async ct =>
            {
                var uri = new Uri((await server.ConnectionStringExpression.GetValueAsync(ct))!);
                return await AmqpHandshakeAsync(uri.Host, uri.Port, ct);
            }))
            .ExcludeFromManifest();
        epmd.WithParentRelationship(resource);
        return resource;
    }

    // ---------------------------------------------------------------- shared

    private static void Add(IList<object> args, params IEnumerable<object> values)
    {
        foreach (var value in values) args.Add(value);
    }

    private static IResourceBuilder<ParameterResource> AddSecret(this IDistributedApplicationBuilder builder,
        string name, StateDirectory state)
    {
        builder.Configuration[$"Parameters:{name}"] = state.Secret(name);
        return builder.AddParameter(name, secret: true);
    }

    /// <summary>Registers a health check on the AppHost that is healthy when <paramref name="probe"/> returns true.</summary>
    private static string AddProbe(this IDistributedApplicationBuilder builder, string key, Func<CancellationToken, Task<bool>> probe)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            try
            {
                return await probe(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not ready");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        });
        return key;
    }

    /// <summary>setpriv: as <paramref name="user"/> (when given), with <paramref name="deathSignal"/> if the parent dies.</summary>
    private static string[] RunAs(string? user, string deathSignal) => user is null
        ? ["setpriv", $"--pdeathsig={deathSignal}"]
        : ["setpriv", $"--reuid={user}", $"--regid={user}", "--init-groups", $"--pdeathsig={deathSignal}"];

    /// <summary>Runs "$@" and passes SIGTERM on as SIGINT; exits with its status.</summary>
    private const string ForwardTermAsIntScript =
        """trap 'kill -INT "$pid" 2>/dev/null' TERM INT; "$@" & pid=$!; wait "$pid"; status=$?; wait "$pid" 2>/dev/null && status=$?; exit "$status" """;

    /// <summary>initdb once: $1 initdb binary, $2 data folder, $3 the user to run as (empty: the current one).</summary>
    private const string InitScript = """
        set -e
        if [ -f "$2/PG_VERSION" ]; then echo "cluster exists at $2"; exit 0; fi
        folder=$(dirname "$2")
        if [ -n "$3" ]; then
          chown -R "$3:$3" "$folder"
          setpriv --reuid="$3" --regid="$3" --init-groups test -w "$folder" || {
            echo "The $3 user cannot write to $folder: every folder above it must be searchable by others (chmod o+x)." >&2; exit 1; }
        fi
        pwfile=$(mktemp); trap 'rm -f "$pwfile"' EXIT
        printf '%s' "$INIT_PASSWORD" > "$pwfile"
        [ -z "$3" ] || chown "$3" "$pwfile"
        user=$3
        set -- "$1" -D "$2" -U postgres --pwfile="$pwfile" -E UTF8 --auth-host=scram-sha-256 --auth-local=trust --no-sync
        if [ -n "$user" ]; then setpriv --reuid="$user" --regid="$user" --init-groups "$@"; else "$@"; fi
        """;

    private static async Task CreateDatabaseAsync(string serverConnectionString, string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString)
            { Pooling = false, Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ready when the broker answers the AMQP 0-9-1 protocol header with a Connection.Start method frame.</summary>
    private static async Task<bool> AmqpHandshakeAsync(string host, int port, CancellationToken ct)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host, port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), ct);
        var frame = new byte[11];
        for (var read = 0; read < frame.Length;)
        {
            var n = await stream.ReadAsync(frame.AsMemory(read), ct);
            if (n == 0) return false;
            read += n;
        }
        // type 1 (method), channel 0, then after the 4-byte size: class 10 (connection), method 10 (start).
        return frame[0] == 1 && frame[7] == 0 && frame[8] == 10 && frame[9] == 0 && frame[10] == 10;
    }

    /// <summary>Ready when epmd answers a NAMES_REQ with the port it listens on.</summary>
    private static async Task<bool> EpmdAnswersAsync(int port, CancellationToken ct)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(new byte[] { 0, 1, (byte)'n' }, ct); // 2-byte length, then the request code 110
        var answer = new byte[4];
        for (var read = 0; read < answer.Length;)
        {
            var n = await stream.ReadAsync(answer.AsMemory(read), ct);
            if (n == 0) return false;
            read += n;
        }
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(answer) == port;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string PostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), NumberStyles.None,
                    CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run ./eng/install-prerequisites.sh " +
            "or apt-get install postgresql.");
    }
}
