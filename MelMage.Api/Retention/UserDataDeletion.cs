using MelMage.Contracts.Visualization;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace MelMage.Api.Retention;

/// <summary>Deletes jobs and batches with everything they hold: the job rows, their uploaded audio
/// (<c>job_uploads</c>) and predictions (both cascade from the job), and the cached visualizations in Redis that no
/// remaining job shares. Used by <c>DELETE /api/jobs/{id}</c>, <c>DELETE /api/batches/{id}</c> and the retention
/// sweep.</summary>
public sealed partial class UserDataDeletion(MelMageDbContext db, IConnectionMultiplexer redis, ILogger<UserDataDeletion> logger)
{
    /// <summary>Rows deleted per transaction by the sweep, so one sweep never holds a huge transaction.</summary>
    private const int SweepChunk = 500;

    public async Task<bool> DeleteJobAsync(Guid id, CancellationToken cancellationToken)
    {
        var batchId = await db.Jobs.Where(j => j.Id == id).Select(j => new { j.BatchId }).FirstOrDefaultAsync(cancellationToken);
        if (batchId is null) return false;
        var deleted = await DeleteAsync(db.Jobs.Where(j => j.Id == id), [], cancellationToken);
        // The batch counts one job fewer, so its progress can still reach 1.
        if (deleted > 0 && batchId.BatchId is { } batch)
        {
            await db.Batches.Where(b => b.Id == batch).ExecuteUpdateAsync(set => set.SetProperty(b => b.Total, b => b.Total - deleted), cancellationToken);
        }
        return deleted > 0;
    }

    public async Task<bool> DeleteBatchAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == id, cancellationToken)) return false;
        await DeleteAsync(db.Jobs.Where(j => j.BatchId == id), [id], cancellationToken);
        return true;
    }

    /// <summary>Deletes every job and batch created before <paramref name="cutoff"/>.</summary>
    /// <returns>How many jobs were deleted (those of deleted batches included).</returns>
    public async Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batches = await db.Batches.Where(b => b.CreatedAt < cutoff).OrderBy(b => b.CreatedAt).Select(b => b.Id)
                .Take(SweepChunk).ToListAsync(cancellationToken);
            if (batches.Count == 0) break;
            total += await DeleteAsync(db.Jobs.Where(j => j.BatchId != null && batches.Contains(j.BatchId.Value)), batches, cancellationToken);
        }
        while (true)
        {
            var jobs = await db.Jobs.Where(j => j.BatchId == null && j.CreatedAt < cutoff).OrderBy(j => j.CreatedAt).Select(j => j.Id)
                .Take(SweepChunk).ToListAsync(cancellationToken);
            if (jobs.Count == 0) break;
            total += await DeleteAsync(db.Jobs.Where(j => jobs.Contains(j.Id)), [], cancellationToken);
        }
        if (total > 0) LogSwept(logger, total, cutoff);
        return total;
    }

    /// <returns>How many jobs were deleted.</returns>
    private async Task<int> DeleteAsync(IQueryable<Job> jobs, List<Guid> batches, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var (deleted, cached) = await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var cached = await jobs.Where(j => j.Prediction != null)
                .Select(j => new { j.Prediction!.ModelVersion, j.ContentSha256 }).Distinct().ToListAsync(ct);
            // Uploads and predictions go with their job (ON DELETE CASCADE).
            var deleted = await jobs.ExecuteDeleteAsync(ct);
            if (batches.Count > 0) await db.Batches.Where(b => batches.Contains(b.Id)).ExecuteDeleteAsync(ct);
            // Identical audio of another job shares the cached visualization: keep the entries still in use.
            var shas = cached.Select(c => c.ContentSha256).Distinct().ToList();
            var inUse = await db.Predictions.Where(p => shas.Contains(p.ContentSha256))
                .Select(p => new { p.ModelVersion, p.ContentSha256 }).Distinct().ToListAsync(ct);
            await transaction.CommitAsync(ct);
            return (deleted, cached.Except(inUse).Select(c => VisualizationCacheKey.For(c.ModelVersion, c.ContentSha256)).ToList());
        }, cancellationToken);
        if (cached.Count > 0)
        {
            await redis.GetDatabase().KeyDeleteAsync(cached.Select(k => (RedisKey)k).ToArray());
        }
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} jobs created before {Cutoff}")]
    private static partial void LogSwept(ILogger logger, int count, DateTimeOffset cutoff);
}
