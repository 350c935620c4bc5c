using MassTransit;
using MelMage.Audio.Wav;
using MelMage.Contracts.Messages;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Results;

namespace MelMage.Worker.Gpu.Consumers;

/// <summary>The seed's synchronous API, answered over request/response: analyze, respond, store nothing.</summary>
public sealed class AnalyzeClipConsumer(IClipAnalyzer analyzer) : IConsumer<AnalyzeClip>
{
    public async Task Consume(ConsumeContext<AnalyzeClip> context)
    {
        DecodedAudio audio;
        using (WorkerTelemetry.ActivitySource.StartActivity("decode"))
        {
            try
            {
                audio = WavDecoder.Decode(context.Message.Audio);
            }
            catch (InvalidAudioException ex)
            {
                await context.RespondAsync(new ClipAnalyzed(context.Message.JobId, null, ex.Code.ToString(), ex.Message));
                return;
            }
        }
        ClipAnalyzed answer;
        using (WorkerTelemetry.ActivitySource.StartActivity("analyze"))
        {
            var analysis = analyzer.Analyze([audio])[0];
            answer = new ClipAnalyzed(context.Message.JobId, ResultMapper.ToSeedResponse(analysis, audio), null, null);
        }
        await context.RespondAsync(answer);
    }
}
