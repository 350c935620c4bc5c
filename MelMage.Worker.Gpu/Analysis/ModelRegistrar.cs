using MelMage.Data;
using MelMage.Model.Checkpoints;
using MelMage.Model.Inference;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>Loads the default model at start (a broken model fails the worker at once, not at the first message) and
/// records every model this worker serves (name, version, labels, card, evaluation) in the models table that the API
/// checks requests against and <c>GET /api/models</c> lists. Other models are only read here, and loaded on first use.</summary>
internal sealed partial class ModelRegistrar(
    IServiceProvider services, ClipAnalyzers analyzers, TimeProvider clock, ILogger<ModelRegistrar> logger) : IHostedService
{
    /// <summary>The model card beside a model's weights.</summary>
    public const string CardFile = "README.md";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registrations = new List<Registration>();
        foreach (var model in analyzers.Catalog.Models)
        {
            if (Describe(model) is { } registration) registrations.Add(registration);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MelMageDbContext>();
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            foreach (var r in registrations)
            {
                // Upsert: replicas registering the same version at once must not collide.
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO models (version, name, is_default, labels, card_json, card_markdown, evaluation_json, registered_at, last_seen_at)
                    VALUES ({r.Info.Version}, {r.Model.Name}, {r.Model.IsDefault}, {r.Info.Labels.ToList()}, {r.Info.CardJson}::jsonb,
                            {r.CardMarkdown}, {r.EvaluationJson}::jsonb, {now}, {now})
                    ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, is_default = EXCLUDED.is_default,
                        last_seen_at = EXCLUDED.last_seen_at, card_json = EXCLUDED.card_json,
                        card_markdown = EXCLUDED.card_markdown, evaluation_json = EXCLUDED.evaluation_json
                    """, ct);
            }
        }, cancellationToken);
        foreach (var r in registrations) LogRegistered(r.Model.Name, r.Info.Version, r.EvaluationJson is not null);
    }

    private Registration? Describe(InstalledModel model)
    {
        ModelInfo info;
        if (model.IsDefault)
        {
            info = analyzers.Default.Model;
        }
        else
        {
            try
            {
                var metadata = ModelCheckpoint.ReadMetadata(model.Directory!);
                info = new ModelInfo(metadata.Version, metadata.Labels,
                    File.ReadAllText(Path.Combine(model.Directory!, ModelCheckpoint.MetadataFile)));
            }
            catch (Exception ex) when (ex is ModelLoadException or IOException)
            {
                LogSkipped(ex, model.Name, model.Directory!);
                return null;
            }
        }
        // The untrained network has no folder: no card and no evaluation describe it.
        if (model.Directory is null) return new Registration(model, info, null, null);
        var card = Path.Combine(model.Directory, CardFile);
        return new Registration(model, info, File.Exists(card) ? File.ReadAllText(card) : null,
            ReadEvaluation(model, info));
    }

    /// <summary>The report as stored, or null (with a warning) when it is missing or unusable.</summary>
    private string? ReadEvaluation(InstalledModel model, ModelInfo info)
    {
        var (json, problem) = EvaluationFile.Read(model.Directory!, info.Labels);
        if (problem is not null) LogBadEvaluation(model.Name, Path.Combine(model.Directory!, EvaluationFile.Name), problem);
        return json;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed record Registration(InstalledModel Model, ModelInfo Info, string? CardMarkdown, string? EvaluationJson);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model {Name} ({Version}); evaluated: {Evaluated}")]
    private partial void LogRegistered(string name, string version, bool evaluated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model folder {Name} ({Directory}) cannot be read; not served")]
    private partial void LogSkipped(Exception exception, string name, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Name}: {Path} is not a usable evaluation report ({Reason}); listed as not evaluated")]
    private partial void LogBadEvaluation(string name, string path, string reason);
}
