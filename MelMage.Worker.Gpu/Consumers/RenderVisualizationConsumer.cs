using MassTransit;
using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Contracts.Messages;
using MelMage.Contracts.Visualization;
using MelMage.Data;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using MelMage.Worker.Gpu.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MelMage.Worker.Gpu.Consumers;

/// <summary>Recomputes a visualization that Redis evicted, from the stored upload, caches it again and returns it.</summary>
public sealed class RenderVisualizationConsumer(
    MelMageDbContext db, ClipAnalyzers analyzers, IConnectionMultiplexer redis, IOptions<WorkerOptions> options)
    : IConsumer<RenderVisualization>
{
    public async Task Consume(ConsumeContext<RenderVisualization> context)
    {
        var id = context.Message.JobId;
        var job = await db.Jobs.AsNoTracking().Include(j => j.Upload).FirstOrDefaultAsync(j => j.Id == id, context.CancellationToken);
        if (job?.Upload is null)
        {
            await context.RespondAsync(new VisualizationRendered(id, null, $"Job {id} or its upload is not stored."));
            return;
        }
        // The model that answered the job (the one it asked for); older jobs name none and get the default.
        if (analyzers.Find(job.ModelName) is not { } served)
        {
            await context.RespondAsync(new VisualizationRendered(id, null,
                $"This worker does not have model '{job.ModelName}'; it serves {analyzers.InstalledNames}."));
            return;
        }
        DecodedAudio audio;
        try
        {
            audio = AudioDecoder.Decode(job.Upload.Content, options.Value.DecodeOptions);
        }
        catch (InvalidAudioException ex)
        {
            await context.RespondAsync(new VisualizationRendered(id, null, ex.Message));
            return;
        }
        var analysis = served.Analyzer.Analyze([audio])[0];
        var json = VisualizationCodec.ToJson(ResultMapper.ToVisualization(analysis));
        using (WorkerTelemetry.ActivitySource.StartActivity("cache store visualization"))
        {
            try
            {
                await redis.GetDatabase().StringSetAsync(VisualizationCacheKey.For(analysis.ModelVersion, job.ContentSha256), json,
                    TimeSpan.FromMinutes(options.Value.VisualizationTtlMinutes));
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                // Redis is down: the document is still answered, and recomputed again next time.
            }
        }
        await context.RespondAsync(new VisualizationRendered(id, json, null));
    }
}
