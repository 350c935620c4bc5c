using System.Net.Sockets;
using Npgsql;

namespace MelMage.Data;

/// <summary>Tells "the database is not reachable right now" (server stopped, restarting, refusing connections,
/// connection cut) from errors in what was asked of it. The first is an outage: the API answers 503 with Retry-After,
/// and the worker waits for the database instead of failing jobs.</summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Npgsql marks connection-level failures (refused, reset, timed out, 08xxx, 53xxx, 57P0x) as transient.
                case NpgsqlException { IsTransient: true }:
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" }:
                case SocketException:
                    return true;
                // A connection the server closed under a running command (shutdown) is not always flagged transient.
                case NpgsqlException npgsql when npgsql is not PostgresException && npgsql.InnerException is IOException or EndOfStreamException:
                    return true;
            }
        }
        return false;
    }
}
