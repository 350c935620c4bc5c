using MassTransit;
using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Contracts.Messages;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using MelMage.Worker.Gpu.Results;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Consumers;

/// <summary>The seed's synchronous API, answered over request/response: analyze, respond, store nothing.</summary>
public sealed class AnalyzeClipConsumer(ClipAnalyzers analyzers, IOptions<WorkerOptions> options) : IConsumer<AnalyzeClip>
{
    /// <summary>The error code of a silent recording, which the API answers with 422.</summary>
    public const string SilentCode = "Silent";

    /// <summary>The error code of a request for a model this worker does not serve.</summary>
    public const string UnknownModelCode = "UnknownModel";

    public async Task Consume(ConsumeContext<AnalyzeClip> context)
    {
        if (analyzers.Find(context.Message.Model) is not { } served)
        {
            await context.RespondAsync(new ClipAnalyzed(context.Message.JobId, null, UnknownModelCode,
                $"This worker does not have model '{context.Message.Model}'; it serves {analyzers.InstalledNames}."));
            return;
        }
        var (model, analyzer) = served;
        DecodedAudio audio;
        using (WorkerTelemetry.ActivitySource.StartActivity("decode"))
        {
            try
            {
                audio = AudioDecoder.Decode(context.Message.Audio, options.Value.DecodeOptions);
                AudioChecks.Validate(audio, options.Value.CheckOptions);
            }
            catch (InvalidAudioException ex)
            {
                await context.RespondAsync(new ClipAnalyzed(context.Message.JobId, null, ex.Code.ToString(), ex.Message));
                return;
            }
        }
        if (AudioChecks.Silence(audio, options.Value.CheckOptions) is { } silence)
        {
            // The seed's response has no place for "silent"; the API turns this code into a clear problem answer.
            await context.RespondAsync(new ClipAnalyzed(context.Message.JobId, null, SilentCode, silence));
            return;
        }
        ClipAnalyzed answer;
        using (WorkerTelemetry.ActivitySource.StartActivity("analyze"))
        {
            var analysis = analyzer.Analyze([audio])[0];
            answer = new ClipAnalyzed(context.Message.JobId, ResultMapper.ToSeedResponse(analysis, audio), null, null,
                model.Name, analysis.ModelVersion);
        }
        await context.RespondAsync(answer);
    }
}
