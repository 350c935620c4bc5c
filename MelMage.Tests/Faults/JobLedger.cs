using MelMage.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MelMage.Tests.Faults;

/// <summary>What became of a set of accepted jobs, read from Postgres: how many ended succeeded or failed, how many
/// prediction rows exist beyond one a job (duplicates), and how many are missing or never finished (lost).</summary>
public sealed record JobCounts(int Accepted, int Succeeded, int Failed, int Unfinished, int Missing, long PredictionRows, long Duplicates)
{
    public int Completed => Succeeded + Failed;

    public int Lost => Missing + Unfinished;

    public override string ToString() =>
        $"accepted {Accepted}, completed {Completed} (succeeded {Succeeded}, failed {Failed}), duplicates {Duplicates}, lost {Lost}";
}

public static class JobLedger
{
    public static async Task<JobCounts> CountAsync(PipelineFixture pipeline, IReadOnlyCollection<Guid> accepted)
    {
        var ids = accepted.ToArray();
        await using var connection = new NpgsqlConnection(pipeline.PostgresConnectionString);
        await connection.OpenAsync();
        await using var jobs = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status = 'failed'),
                   count(*) FILTER (WHERE status IN ('queued', 'processing')), count(*)
            FROM jobs WHERE id = ANY($1)
            """, connection) { Parameters = { new() { Value = ids } } };
        int succeeded, failed, unfinished, found;
        await using (var reader = await jobs.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (succeeded, failed, unfinished, found) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
        }
        await using var predictions = new NpgsqlCommand(
            "SELECT count(*), count(*) - count(DISTINCT job_id) FROM predictions WHERE job_id = ANY($1)", connection)
        { Parameters = { new() { Value = ids } } };
        await using var p = await predictions.ExecuteReaderAsync();
        await p.ReadAsync();
        return new JobCounts(ids.Length, succeeded, failed, unfinished, ids.Length - found, p.GetInt64(0), p.GetInt64(1));
    }

    /// <summary>Waits until every accepted job has finished (or <paramref name="patience"/> has passed: what is still
    /// unfinished then counts as lost), prints the counts and returns them.</summary>
    public static async Task<JobCounts> SettleAsync(PipelineFixture pipeline, IReadOnlyCollection<Guid> accepted,
        ITestOutputHelper output, string label, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(5));
        JobCounts counts;
        while (true)
        {
            try
            {
                counts = await CountAsync(pipeline, accepted);
                if (counts.Lost == 0 || DateTime.UtcNow > deadline) break;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // The test's own connection may find a server that has just restarted.
                NpgsqlConnection.ClearAllPools();
            }
            await Task.Delay(250);
        }
        output.WriteLine($"{label}: {counts}");
        return counts;
    }
}
