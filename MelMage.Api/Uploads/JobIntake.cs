using System.Diagnostics;
using System.Security.Cryptography;
using MelMage.Api.Extensions;
using MelMage.Api.Outbox;
using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Uploads;

/// <summary>Stores accepted uploads as queued jobs, durably, in one transaction; the outbox dispatcher then sends
/// their commands. Nothing is published here, so a crash after the commit loses nothing. The backlog is bounded:
/// when the clips not yet finished plus these would exceed <see cref="ApiOptions.MaxQueuedClips"/>, nothing is stored
/// (a batch is taken whole or not at all).</summary>
public sealed class JobIntake(MelMageDbContext db, OutboxSignal outbox, TimeProvider clock, IOptions<ApiOptions> options)
{
    /// <summary>Any value: it only has to be the same for every API replica, which then take turns counting.</summary>
    private const long BacklogLockKey = 0x4d656c4d616765; // "MelMage"

    /// <param name="model">The model to run, by name (already checked against the installed ones).</param>
    /// <returns>The stored jobs, or null when the backlog has no room for them (nothing was stored).</returns>
    public async Task<IReadOnlyList<Job>?> AcceptAsync(IReadOnlyList<(string FileName, byte[] Content)> files,
        Guid? batchId, string? clientTokenHash, string? model, CancellationToken cancellationToken)
    {
        using var activity = ApiTelemetry.ActivitySource.StartActivity("Store uploads");
        activity?.SetTag("melmage.files", files.Count);
        var now = clock.GetUtcNow();
        if (batchId is { } id) db.Batches.Add(new Batch { Id = id, Total = files.Count, CreatedAt = now, ClientTokenHash = clientTokenHash });
        var jobs = new List<Job>(files.Count);
        foreach (var (fileName, content) in files)
        {
            var job = new Job
            {
                // Version 7: 48 bits of time and 74 random bits from the system's cryptographic generator, so an id
                // cannot be guessed from another one; knowing it is what lets a caller read or delete the job.
                Id = Guid.CreateVersion7(now),
                BatchId = batchId,
                Status = JobStatus.Queued,
                FileName = fileName.Length > 512 ? fileName[..512] : fileName,
                SizeBytes = content.Length,
                ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                CreatedAt = now,
                Upload = new JobUpload { Content = content },
                TraceParent = Activity.Current?.Id,
                ModelName = model,
                ClientTokenHash = clientTokenHash,
            };
            jobs.Add(job);
            db.Jobs.Add(job);
        }

        var limit = options.Value.MaxQueuedClips;
        var strategy = db.Database.CreateExecutionStrategy();
        var stored = await strategy.ExecuteAsync(async ct =>
        {
            // One transaction: the count and the insert cannot interleave with another upload's (the advisory lock
            // is held until the commit), and all jobs of a batch are stored or none.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({BacklogLockKey})", ct);
            var unfinished = await db.Jobs.CountAsync(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Processing, ct);
            if (unfinished + files.Count > limit) return false;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        activity?.SetTag("melmage.backlog_full", !stored);
        if (!stored)
        {
            db.ChangeTracker.Clear();
            return null;
        }
        foreach (var job in jobs) ApiTelemetry.UploadBytes.Record(job.SizeBytes);
        ApiTelemetry.UploadsAccepted.Add(jobs.Count);
        outbox.Notify();
        return jobs;
    }
}
