using System.ComponentModel.DataAnnotations;

namespace MelMage.AppHost.Servers;

/// <summary>Where and how a <see cref="RedisServer"/> runs.</summary>
public sealed record RedisServerOptions
{
    [Required]
    public required string DataDirectory { get; init; }

    /// <summary>Port on 127.0.0.1; a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>False for throwaway instances: no snapshots, no append-only file.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Memory cap; least recently used keys are evicted beyond it (Redis is a cache here).</summary>
    public string MaxMemory { get; init; } = "512mb";

    public string Binary { get; init; } = "/usr/bin/redis-server";

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
