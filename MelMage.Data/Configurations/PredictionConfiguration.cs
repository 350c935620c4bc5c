using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MelMage.Data.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<Prediction>
{
    public void Configure(EntityTypeBuilder<Prediction> builder)
    {
        builder.ToTable("predictions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityAlwaysColumn();
        // Idempotency: one prediction per job, whatever the broker redelivers.
        builder.HasIndex(p => p.JobId).IsUnique();
        // Identical audio with the same model is answered from here.
        builder.HasIndex(p => new { p.ContentSha256, p.ModelVersion });
        builder.Property(p => p.ModelVersion).HasMaxLength(128);
        builder.Property(p => p.ModelName).HasMaxLength(64);
        builder.Property(p => p.ContentSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(p => p.TopLabel).HasMaxLength(128);
        builder.Property(p => p.ResultJson).HasColumnType("jsonb");
    }
}
