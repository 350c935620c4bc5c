using System.Text.Json;
using MelMage.Audio.Wav;
using MelMage.Model.Inference;

namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>classify FILE... [--model DIR]</c>: one JSON object per line per file, in the order given.</summary>
internal static class ClassifyCommand
{
    private const int BatchSize = 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Run(CliArguments args, TextWriter output, TextWriter error)
    {
        args.RejectUnknown([.. EngineOptionsParser.Names, "top", "batch"]);
        if (args.Positional.Count == 0) throw new CliException("classify needs at least one WAV file.");
        using var engine = EngineOptionsParser.LoadEngine(args, error);
        if (engine is null) return ExitCodes.NoModel;

        var options = AnalysisOptions.PredictionsOnly with { TopK = args.Int("top", 3) };
        var batch = Math.Max(1, args.Int("batch", BatchSize));
        var failed = false;
        foreach (var chunk in args.Positional.Chunk(batch))
        {
            var decoded = chunk.Select(Decode).ToArray();
            var good = decoded.Where(d => d.Audio is not null).ToArray();
            var analyses = engine.Analyze(good.Select(d => d.Audio!).ToArray(), options);
            var byFile = good.Zip(analyses).ToDictionary(p => p.First.Index, p => p.Second);
            foreach (var d in decoded)
            {
                if (d.Error is not null)
                {
                    failed = true;
                    output.WriteLine(JsonSerializer.Serialize(new { file = d.File, error = d.Error }, Json));
                    continue;
                }
                var a = byFile[d.Index];
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    file = d.File,
                    predictions = a.Predictions.Select(p => new { label = p.Label, confidence = Math.Round(p.Confidence, 6) }),
                    durationSeconds = Math.Round(a.DurationSeconds, 4),
                    sampleRate = a.SampleRate,
                    model = a.ModelVersion,
                    windows = a.Windows.Count == 0 ? null : a.Windows.Select(w => new
                    {
                        start = w.StartSeconds,
                        end = w.EndSeconds,
                        predictions = w.Predictions.Select(p => new { label = p.Label, confidence = Math.Round(p.Confidence, 6) }),
                    }),
                }, Json));
            }
            output.Flush();
        }
        return failed ? ExitCodes.SomeFailed : ExitCodes.Ok;

        static (int Index, string File, DecodedAudio? Audio, string? Error) Decode(string file, int index)
        {
            try
            {
                return (index, file, WavDecoder.Decode(File.ReadAllBytes(file)), null);
            }
            catch (InvalidAudioException e)
            {
                return (index, file, null, e.Message);
            }
            catch (IOException e)
            {
                return (index, file, null, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                return (index, file, null, e.Message);
            }
        }
    }
}
