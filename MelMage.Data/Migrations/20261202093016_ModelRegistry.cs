using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MelMage.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModelRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "model_name",
                table: "predictions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "card_markdown",
                table: "models",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "evaluation_json",
                table: "models",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_default",
                table: "models",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "models",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Before names, a worker served one model, from models/default: today's esc50.
            migrationBuilder.Sql("UPDATE models SET name = 'esc50'");

            migrationBuilder.AddColumn<string>(
                name: "model_name",
                table: "jobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_models_name_last_seen_at",
                table: "models",
                columns: new[] { "name", "last_seen_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_models_name_last_seen_at",
                table: "models");

            migrationBuilder.DropColumn(
                name: "model_name",
                table: "predictions");

            migrationBuilder.DropColumn(
                name: "card_markdown",
                table: "models");

            migrationBuilder.DropColumn(
                name: "evaluation_json",
                table: "models");

            migrationBuilder.DropColumn(
                name: "is_default",
                table: "models");

            migrationBuilder.DropColumn(
                name: "name",
                table: "models");

            migrationBuilder.DropColumn(
                name: "model_name",
                table: "jobs");
        }
    }
}
