using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MelMage.Data.Configurations;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> builder)
    {
        builder.ToTable("batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.ClientTokenHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(b => b.CreatedAt);
    }
}
