using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MelMage.Data.Configurations;

internal sealed class JobUploadConfiguration : IEntityTypeConfiguration<JobUpload>
{
    public void Configure(EntityTypeBuilder<JobUpload> builder)
    {
        builder.ToTable("job_uploads");
        builder.HasKey(u => u.JobId);
        builder.Property(u => u.Content).HasColumnType("bytea");
    }
}
