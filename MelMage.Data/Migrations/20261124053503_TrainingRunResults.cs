using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MelMage.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrainingRunResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "best_accuracy",
                table: "training_runs",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "best_epoch",
                table: "training_runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "duration_seconds",
                table: "training_runs",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "epochs_done",
                table: "training_runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "epochs_planned",
                table: "training_runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "final_accuracy",
                table: "training_runs",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "host",
                table: "training_runs",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_expires_at",
                table: "training_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "model_directory",
                table: "training_runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "training_runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "weights_sha256",
                table: "training_runs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_runs_status_created_at",
                table: "training_runs",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_training_runs_status_created_at",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "best_accuracy",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "best_epoch",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "duration_seconds",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "epochs_done",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "epochs_planned",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "final_accuracy",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "host",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "model_directory",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "source",
                table: "training_runs");

            migrationBuilder.DropColumn(
                name: "weights_sha256",
                table: "training_runs");
        }
    }
}
