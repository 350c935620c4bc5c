using System.Text.Json;
using MelMage.Audio.Decoding;
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
        if (args.Positional.Count == 0) throw new CliException("classify needs at least one audio file (WAV, MP3, FLAC, Ogg, Opus, M4A, ...).");
        using var engine = EngineOptionsParser.LoadEngine(args, error);
        if (engine is null) return ExitCodes.NoModel;

        var options = AnalysisOptions.PredictionsOnly with { TopK = args.Int("top", 3) };
        var batch = Math.Max(1, args.Int("batch", BatchSize));
        var failed = false;
        foreach (var chunk in args.Positional.Chunk(batch))
        {
            var decoded = chunk.Select(Decode).ToArray();
            var good = decoded.Where(d => d.Audio is not null && d.Silence is null).ToArray();
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
                if (d.Silence is not null)
                {
                    output.WriteLine(JsonSerializer.Serialize(new
                    {
                        file = d.File,
                        silent = true,
                        message = d.Silence,
                        durationSeconds = Math.Round(d.Audio!.DurationSeconds, 4),
                        sampleRate = d.Audio.SampleRate,
                    }, Json));
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
                    notes = d.Audio!.Notes.Count == 0 ? null : d.Audio.Notes,
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

        // The same decoder and the same rules as the service: any format, NaN and too-short refused, silence said.
        static (int Index, string File, DecodedAudio? Audio, string? Error, string? Silence) Decode(string file, int index)
        {
            try
            {
                var audio = AudioDecoder.Decode(File.ReadAllBytes(file));
                AudioChecks.Validate(audio);
                return (index, file, audio, null, AudioChecks.Silence(audio));
            }
            catch (Exception e) when (e is InvalidAudioException or IOException or UnauthorizedAccessException)
            {
                return (index, file, null, e.Message, null);
            }
        }
    }
}
