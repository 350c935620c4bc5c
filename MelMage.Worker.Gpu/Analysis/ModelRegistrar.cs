using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>Loads the model at start (a broken model fails the worker at once, not at the first message) and records
/// it in the models table that <c>GET /api/models</c> reads.</summary>
internal sealed class ModelRegistrar(IServiceProvider services, IClipAnalyzer analyzer, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var model = analyzer.Model;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MelMageDbContext>();
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            // Upsert: replicas registering the same version at once must not collide.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO models (version, labels, card_json, registered_at, last_seen_at)
                VALUES ({model.Version}, {model.Labels.ToList()}, {model.CardJson}::jsonb, {now}, {now})
                ON CONFLICT (version) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, card_json = EXCLUDED.card_json
                """, ct);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
