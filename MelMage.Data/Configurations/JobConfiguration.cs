using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MelMage.Data.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Status).HasConversion(
                s => s.ToString().ToLowerInvariant(),
                s => Enum.Parse<JobStatus>(s, ignoreCase: true))
            .HasMaxLength(16);
        builder.Property(j => j.FileName).HasMaxLength(512);
        builder.Property(j => j.ContentSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(j => j.ErrorCode).HasMaxLength(64);
        builder.Property(j => j.ErrorMessage).HasMaxLength(2000);
        builder.Property(j => j.TraceParent).HasMaxLength(128);
        builder.Property(j => j.ModelName).HasMaxLength(64);
        builder.Property(j => j.ClientTokenHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(j => j.BatchId);
        // A browser's history: its own jobs, newest first.
        builder.HasIndex(j => new { j.ClientTokenHash, j.CreatedAt }).HasFilter("client_token_hash IS NOT NULL");
        // The retention sweep and the operators' list of all jobs.
        builder.HasIndex(j => j.CreatedAt, "ix_jobs_created_at");
        // The backlog the API counts before it accepts more clips.
        builder.HasIndex(j => j.Status).HasFilter("status IN ('queued', 'processing')").HasDatabaseName("ix_jobs_unfinished");
        // The outbox dispatcher's query: unpublished jobs, oldest first.
        builder.HasIndex(j => j.CreatedAt).HasFilter("published_at IS NULL").HasDatabaseName("ix_jobs_unpublished");
        builder.HasOne<Batch>().WithMany().HasForeignKey(j => j.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(j => j.Upload).WithOne().HasForeignKey<JobUpload>(u => u.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(j => j.Prediction).WithOne().HasForeignKey<Prediction>(p => p.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
