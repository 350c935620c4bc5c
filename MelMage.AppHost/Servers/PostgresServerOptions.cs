using System.ComponentModel.DataAnnotations;

namespace MelMage.AppHost.Servers;

/// <summary>Where and how a <see cref="PostgresServer"/> runs.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>Folder for the cluster and its socket; created (initdb) on first start and kept afterwards.</summary>
    [Required]
    public required string DataDirectory { get; init; }

    /// <summary>Port on 127.0.0.1; a free one when null.</summary>
    public int? Port { get; init; }

    public string Username { get; init; } = "postgres";

    public string Password { get; init; } = "melmage";

    public string Database { get; init; } = "melmage";

    public int MaxConnections { get; init; } = 200;

    /// <summary>False for throwaway instances: fsync and synchronous commit off.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>The folder holding postgres, initdb and pg_ctl; the newest /usr/lib/postgresql/*/bin when null.</summary>
    public string? BinDirectory { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
