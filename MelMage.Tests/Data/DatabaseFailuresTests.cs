using System.Net.Sockets;
using MelMage.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MelMage.Tests.Data;

/// <summary>An outage (answered 503 by the API, waited out by the worker) is told from an error in the request.</summary>
public sealed class DatabaseFailuresTests
{
    [Fact]
    public void IsUnavailable_ConnectionFailures_AreOutages()
    {
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFailures.IsUnavailable(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.True(DatabaseFailures.IsUnavailable(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(DatabaseFailures.IsUnavailable(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")));
        // As EF Core's retrying strategy reports it when the retries ran out.
        Assert.True(DatabaseFailures.IsUnavailable(new RetryLimitExceededException("retries exceeded",
            new NpgsqlException("The operation has timed out", new TimeoutException()))));
    }

    [Fact]
    public void IsUnavailable_ErrorsInTheRequest_AreNot()
    {
        Assert.False(DatabaseFailures.IsUnavailable(new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseFailures.IsUnavailable(new PostgresException("syntax error", "ERROR", "ERROR", "42601")));
        Assert.False(DatabaseFailures.IsUnavailable(new InvalidOperationException("a bug")));
        Assert.False(DatabaseFailures.IsUnavailable(null));
    }
}
