using System.Diagnostics;
using System.Security.Cryptography;
using MelMage.Api.Outbox;
using MelMage.Data;
using MelMage.Data.Entities;

namespace MelMage.Api.Uploads;

/// <summary>Stores accepted uploads as queued jobs, durably, in one transaction; the outbox dispatcher then sends
/// their commands. Nothing is published here, so a crash after the commit loses nothing.</summary>
public sealed class JobIntake(MelMageDbContext db, OutboxSignal outbox, TimeProvider clock)
{
    /// <param name="model">The model to run, by name (already checked against the installed ones).</param>
    public async Task<IReadOnlyList<Job>> AcceptAsync(IReadOnlyList<(string FileName, byte[] Content)> files,
        Guid? batchId, string? model, CancellationToken cancellationToken)
    {
        using var activity = ApiTelemetry.ActivitySource.StartActivity("Store uploads");
        activity?.SetTag("melmage.files", files.Count);
        var now = clock.GetUtcNow();
        if (batchId is { } id) db.Batches.Add(new Batch { Id = id, Total = files.Count, CreatedAt = now });
        var jobs = new List<Job>(files.Count);
        foreach (var (fileName, content) in files)
        {
            var job = new Job
            {
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
            };
            jobs.Add(job);
            db.Jobs.Add(job);
            ApiTelemetry.UploadBytes.Record(content.Length);
        }
        await db.SaveChangesAsync(cancellationToken); // one transaction: all jobs of a batch or none
        ApiTelemetry.UploadsAccepted.Add(jobs.Count);
        outbox.Notify();
        return jobs;
    }
}
