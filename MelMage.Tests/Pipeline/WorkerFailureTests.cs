using System.Security.Cryptography;
using MelMage.Contracts.Api;
using MelMage.Contracts.Messages;
using MelMage.Tests.Infrastructure;
using Npgsql;
using RabbitMQ.Client;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class WorkerFailureTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task ClassifyClip_BadAudioFoundLate_JobFailedWithReasonAndCommandInErrorQueue()
    {
        var client = await pipeline.ApiAsync();
        var errorsBefore = await ErrorQueueDepthAsync();
        // A job the API would have refused, written straight into the outbox (as an older API version might have).
        var id = Guid.CreateVersion7();
        var content = TestWav.Noise(0.5, seed: Random.Shared.Next())[..30];
        await using (var connection = new NpgsqlConnection(pipeline.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                WITH job AS (
                    INSERT INTO jobs (id, status, file_name, size_bytes, content_sha256, created_at, attempts)
                    VALUES ($1, 'queued', 'late.wav', $2, $3, now(), 0) RETURNING id)
                INSERT INTO job_uploads (job_id, content) SELECT id, $4 FROM job;
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)content.Length });
            insert.Parameters.Add(new NpgsqlParameter { Value = Convert.ToHexStringLower(SHA256.HashData(content)) });
            insert.Parameters.Add(new NpgsqlParameter { Value = content });
            await insert.ExecuteNonQueryAsync();
        }

        var job = await client.WaitForJobAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(JobStatusNames.Failed, job.Status);
        Assert.Equal("TruncatedHeader", job.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(job.Error.Message));
        Assert.Null(job.Result);
        Assert.Equal(1, await pipeline.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", id));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ErrorQueueDepthAsync() == errorsBefore && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(errorsBefore + 1, await ErrorQueueDepthAsync());
    }

    private async Task<uint> ErrorQueueDepthAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(pipeline.Servers.RabbitMq.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(QueueNames.ClassifyClipErrors)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // not declared yet: nothing has failed so far
        }
    }
}
