using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MelMage.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccessAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client_token_hash",
                table: "jobs",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "client_token_hash",
                table: "batches",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_client_token_hash_created_at",
                table: "jobs",
                columns: new[] { "client_token_hash", "created_at" },
                filter: "client_token_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_created_at",
                table: "jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished",
                table: "jobs",
                column: "status",
                filter: "status IN ('queued', 'processing')");

            migrationBuilder.CreateIndex(
                name: "ix_batches_created_at",
                table: "batches",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_client_token_hash_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_batches_created_at",
                table: "batches");

            migrationBuilder.DropColumn(
                name: "client_token_hash",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "client_token_hash",
                table: "batches");
        }
    }
}
