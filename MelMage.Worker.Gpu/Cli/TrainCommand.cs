using System.Text.Json;
using MelMage.Model.Checkpoints;
using MelMage.Model.Inference;
using MelMage.Data;
using MelMage.Model.Training;
using MelMage.Worker.Gpu.Training;

namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>train --data DIR [--fold 5 | --cv] [--epochs 100] [--batch 32] [--out DIR] [--resume] [--seed N]</c>
/// and the recipe's knobs.</summary>
internal static class TrainCommand
{
    public static readonly HashSet<string> Flags = ["cv", "resume", "half", "no-test"];

    public static int Run(CliArguments args, IConfiguration configuration, TextWriter output)
    {
        args.RejectUnknown("data", "fold", "cv", "epochs", "batch", "out", "resume", "seed", "lr", "max-lr", "weight-decay",
            "warmup", "label-smoothing", "freq-mask", "time-mask", "mixup", "mixup-alpha", "dropout", "keep", "half",
            "stop-after", "threads", "no-test", "version");
        var data = args.String("data") ?? throw new CliException("train needs --data DIR (an ESC-50 folder: audio/ and meta/esc50.csv).");
        if (args.Has("cv") && args.Has("fold")) throw new CliException("Use --fold K or --cv, not both.");
        var keep = args.String("keep") ?? "final";
        if (keep is not ("final" or "best")) throw new CliException("--keep must be final or best.");
        TorchRuntime.ConfigureThreads(args.Has("threads") ? args.Int("threads", 0) : null);

        var options = new TrainingOptions
        {
            DataDirectory = data,
            OutputDirectory = args.String("out") ?? Path.Combine("runs", $"train-{DateTime.UtcNow:yyyyMMdd-HHmmss}"),
            TestFold = args.Has("no-test") ? null : args.Int("fold", 5),
            Epochs = args.Int("epochs", 100),
            BatchSize = args.Int("batch", 32),
            Seed = args.Int("seed", 0),
            LearningRate = args.Double("lr", 5e-4),
            MaxLearningRate = args.Double("max-lr", 2e-3),
            WeightDecay = args.Double("weight-decay", 0.01),
            WarmupFraction = args.Double("warmup", 0.1),
            LabelSmoothing = args.Double("label-smoothing", 0.1),
            FrequencyMask = args.Int("freq-mask", 30),
            TimeMask = args.Int("time-mask", 80),
            MixupProbability = args.Double("mixup", 0.3),
            MixupAlpha = args.Double("mixup-alpha", 0.2),
            Dropout = args.Double("dropout", 0.5),
            Keep = keep,
            HalfPrecisionWeights = args.Has("half"),
            Resume = args.Has("resume"),
            StopAfterEpochs = args.Has("stop-after") ? args.Int("stop-after", 0) : null,
            Version = args.String("version") ?? $"melmage-{DateTime.UtcNow:yyyyMMdd-HHmm}",
        };
        if (options.Epochs < 1 || options.BatchSize < 2) throw new CliException("--epochs must be ≥ 1 and --batch ≥ 2.");

        try
        {
            if (args.Has("cv"))
            {
                var summary = CrossValidation.Run(options, output);
                output.WriteLine(JsonSerializer.Serialize(new { mean = summary.Mean, sd = summary.StandardDeviation, folds = summary.Folds.Count }));
            }
            else
            {
                // Recorded when the database is configured as for the services (migrated by the migrate verb).
                var recorder = configuration.GetConnectionString(MelMageDatabase.ConnectionName) is { Length: > 0 } connection
                    ? TrainingRunRecorder.StartAsync(() => MelMageDatabase.CreateContext(connection), options).GetAwaiter().GetResult()
                    : null;
                if (recorder is not null) output.WriteLine($"Recording this run in Postgres as training run {recorder.RunId}.");
                TrainingResult result;
                try
                {
                    result = new Trainer(output) { EpochCompleted = m => recorder?.Epoch(m) }.Run(options);
                }
                catch (Exception e) when (recorder is not null && e is InvalidDataException or InvalidOperationException or IOException)
                {
                    recorder.FailedAsync(e.Message).GetAwaiter().GetResult();
                    throw;
                }
                recorder?.SucceededAsync(result).GetAwaiter().GetResult();
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    finalAccuracy = result.FinalAccuracy,
                    bestAccuracy = result.BestAccuracy,
                    bestEpoch = result.BestEpoch,
                    kept = result.Kept,
                    model = result.ModelDirectory,
                    seconds = Math.Round(result.Seconds, 1),
                }));
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            output.WriteLine(e.Message);
            return ExitCodes.Failed;
        }
    }
}
