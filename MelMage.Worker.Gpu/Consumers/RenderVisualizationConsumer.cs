using MassTransit;
using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Contracts.Messages;
using MelMage.Contracts.Visualization;
using MelMage.Data;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using MelMage.Worker.Gpu.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MelMage.Worker.Gpu.Consumers;

/// <summary>Recomputes a visualization that Redis evicted, from the stored upload, caches it again and returns it.
/// While the model that answered the job is still served, it is recomputed under the job's own version (the test-time
/// shift count its stored answer was made with, whatever this worker's <c>Shifts</c> setting), so it lands under the
/// key the API looks up; a job answered by a model version no longer served is drawn by the one served now (the
/// document says which) and cached under the job's answered version all the same, the key the API looks up, so that it
/// is drawn once per eviction rather than on every request.</summary>
public sealed class RenderVisualizationConsumer(
    MelMageDbContext db, ClipAnalyzers analyzers, IConnectionMultiplexer redis, IOptions<WorkerOptions> options)
    : IConsumer<RenderVisualization>
{
    public async Task Consume(ConsumeContext<RenderVisualization> context)
    {
        var id = context.Message.JobId;
        var job = await db.Jobs.AsNoTracking().Include(j => j.Upload).Include(j => j.Prediction).FirstOrDefaultAsync(j => j.Id == id, context.CancellationToken);
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
        var shifts = job.Prediction is { } answer ? served.Analyzer.Model.ShiftsOf(answer.ModelVersion) : null;
        var analysis = served.Analyzer.Analyze([audio], shifts is null ? null : AnalysisOptions.Default with { Shifts = shifts })[0];
        var json = VisualizationCodec.ToJson(ResultMapper.ToVisualization(analysis));
        using (WorkerTelemetry.ActivitySource.StartActivity("cache store visualization"))
        {
            try
            {
                var answeredBy = job.Prediction?.ModelVersion ?? analysis.ModelVersion;
                await redis.GetDatabase().StringSetAsync(VisualizationCacheKey.For(answeredBy, job.ContentSha256), json,
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
