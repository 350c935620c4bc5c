using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Data;

/// <summary>Jobs, their uploads and predictions, batches, models and training runs.</summary>
public sealed class MelMageDbContext(DbContextOptions<MelMageDbContext> options) : DbContext(options)
{
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<JobUpload> JobUploads => Set<JobUpload>();
    public DbSet<Prediction> Predictions => Set<Prediction>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<ModelRecord> Models => Set<ModelRecord>();
    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MelMageDbContext).Assembly);
}
