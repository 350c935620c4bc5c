using System.ComponentModel.DataAnnotations;

namespace MelMage.AppHost.Servers;

/// <summary>Where and how a <see cref="RabbitMqServer"/> runs.</summary>
public sealed record RabbitMqServerOptions
{
    /// <summary>Folder for the node's database, logs, configuration and Erlang cookie.</summary>
    [Required]
    public required string DataDirectory { get; init; }

    /// <summary>AMQP port on 127.0.0.1; a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>The user created on the node's first boot.</summary>
    public string Username { get; init; } = "melmage";

    public string Password { get; init; } = "melmage";

    /// <summary>The package's script that runs the node as the current user (/usr/sbin/rabbitmq-server switches to
    /// the rabbitmq user and the system service's settings).</summary>
    public string ServerScript { get; init; } = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public string EpmdBinary { get; init; } = "/usr/bin/epmd";

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
