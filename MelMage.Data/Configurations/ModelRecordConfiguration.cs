using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MelMage.Data.Configurations;

internal sealed class ModelRecordConfiguration : IEntityTypeConfiguration<ModelRecord>
{
    public void Configure(EntityTypeBuilder<ModelRecord> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Version);
        builder.Property(m => m.Version).HasMaxLength(128);
        builder.Property(m => m.Name).HasMaxLength(64);
        builder.Property(m => m.CardJson).HasColumnType("jsonb");
        builder.Property(m => m.EvaluationJson).HasColumnType("jsonb");
        // The API's question: the latest version of each name.
        builder.HasIndex(m => new { m.Name, m.LastSeenAt });
    }
}
