using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MelMage.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> builder)
    {
        builder.ToTable("training_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasMaxLength(32);
        builder.Property(r => r.Source).HasMaxLength(16);
        builder.Property(r => r.ConfigJson).HasColumnType("jsonb");
        builder.Property(r => r.MetricsJson).HasColumnType("jsonb");
        builder.Property(r => r.ModelVersion).HasMaxLength(128);
        builder.Property(r => r.WeightsSha256).HasMaxLength(64);
        builder.Property(r => r.Host).HasMaxLength(256);
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
    }
}
