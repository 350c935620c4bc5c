using System.Text.Json;
using MelMage.Model.Checkpoints;
using MelMage.Model.Inference;
using MelMage.Data;
using MelMage.Model.Training;
using MelMage.Worker.Gpu.Training;

namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>train --data DIR [--classes esc10|a,b,…] [--folds official|grouped] [--fold 5 | --cv] [--epochs 100]
/// [--recipe r5|r4|r3|r2|r1|seed] [--batch 32] [--out DIR] [--resume] [--seed N]</c> and the recipe's knobs (docs/training.md); each
/// knob left out takes the recipe's value.</summary>
internal static class TrainCommand
{
    public static readonly HashSet<string> Flags = ["cv", "resume", "half", "no-test", "shift", "no-shift"];

    public static int Run(CliArguments args, IConfiguration configuration, TextWriter output)
    {
        args.RejectUnknown("data", "fold", "cv", "epochs", "batch", "out", "resume", "seed", "lr", "max-lr", "weight-decay",
            "warmup", "label-smoothing", "freq-mask", "time-mask", "mixup", "mixup-alpha", "dropout", "keep", "half",
            "stop-after", "threads", "no-test", "version", "classes", "folds", "freq-masks", "time-masks", "shift", "gain",
            "background", "background-snr", "ema", "tta", "front-end", "precision", "recipe", "no-shift", "class-balance");
        var data = args.String("data") ?? throw new CliException("train needs --data DIR (an ESC-50 folder: audio/ and meta/esc50.csv).");
        var keep = args.String("keep") ?? "final";
        if (keep is not ("final" or "best")) throw new CliException("--keep must be final or best.");
        TorchRuntime.ConfigureThreads(args.Has("threads") ? args.Int("threads", 0) : null);
        var folds = (args.String("folds") ?? "official") switch
        {
            "official" => FoldScheme.Official,
            "grouped" => FoldScheme.Grouped,
            var other => throw new CliException($"--folds must be official or grouped, not '{other}'."),
        };
        var recipeName = args.String("recipe") ?? TrainingRecipes.Default;
        if (!TrainingRecipes.Names.Contains(recipeName))
            throw new CliException($"--recipe must be {string.Join(" or ", TrainingRecipes.Names)}, not '{recipeName}'.");
        if (args.Has("shift") && args.Has("no-shift")) throw new CliException("--shift and --no-shift contradict each other.");
        var recipe = TrainingRecipes.Apply(recipeName, new TrainingOptions
        {
            DataDirectory = data,
            OutputDirectory = args.String("out") ?? Path.Combine("runs", $"train-{DateTime.UtcNow:yyyyMMdd-HHmmss}"),
        });
        var (snrMin, snrMax) = args.String("background-snr") is { } snr ? SnrRange(snr) : (recipe.BackgroundMinSnrDb, recipe.BackgroundMaxSnrDb);
        var ema = args.Has("ema") ? args.Double("ema", 0.999) : recipe.EmaDecay;

        var options = recipe with
        {
            TestFold = args.Has("no-test") || args.Has("cv") ? null : args.Int("fold", 5),
            Epochs = args.Int("epochs", recipe.Epochs),
            BatchSize = args.Int("batch", recipe.BatchSize),
            Seed = args.Int("seed", 0),
            LearningRate = args.Double("lr", recipe.LearningRate),
            MaxLearningRate = args.Double("max-lr", recipe.MaxLearningRate),
            WeightDecay = args.Double("weight-decay", recipe.WeightDecay),
            WarmupFraction = args.Double("warmup", recipe.WarmupFraction),
            LabelSmoothing = args.Double("label-smoothing", recipe.LabelSmoothing),
            Classes = args.String("classes"),
            Folds = folds,
            FrequencyMask = args.Int("freq-mask", recipe.FrequencyMask),
            TimeMask = args.Int("time-mask", recipe.TimeMask),
            FrequencyMasks = args.Int("freq-masks", recipe.FrequencyMasks),
            TimeMasks = args.Int("time-masks", recipe.TimeMasks),
            TimeShift = args.Has("shift") || (recipe.TimeShift && !args.Has("no-shift")),
            GainDb = args.Double("gain", recipe.GainDb),
            BackgroundProbability = args.Double("background", recipe.BackgroundProbability),
            BackgroundMinSnrDb = snrMin,
            BackgroundMaxSnrDb = snrMax,
            EmaDecay = ema is 0 ? null : ema, // --ema 0 switches it off
            TestTimeShifts = args.Int("tta", recipe.TestTimeShifts),
            FrontEnd = args.String("front-end") switch
            {
                null => recipe.FrontEnd,
                "44k" => FrontEnds.Full,
                "22k" => FrontEnds.Half,
                var other => throw new CliException($"--front-end must be 44k or 22k, not '{other}'."),
            },
            ClassBalance = args.Double("class-balance", recipe.ClassBalance),
            MixupProbability = args.Double("mixup", recipe.MixupProbability),
            MixupAlpha = args.Double("mixup-alpha", recipe.MixupAlpha),
            Dropout = args.Double("dropout", recipe.Dropout),
            Keep = keep,
            HalfPrecisionWeights = args.Has("half"),
            MixedPrecision = (args.String("precision") ?? "fp32") switch
            {
                "fp32" => false,
                "bf16" => true,
                var other => throw new CliException($"--precision must be fp32 or bf16 (training passes in bfloat16, weights float32), not '{other}'."),
            },
            Resume = args.Has("resume"),
            StopAfterEpochs = args.Has("stop-after") ? args.Int("stop-after", 0) : null,
            Version = args.String("version") ?? $"melmage-{DateTime.UtcNow:yyyyMMdd-HHmm}",
        };
        if (options.Epochs < 1 || options.BatchSize < 2) throw new CliException("--epochs must be ≥ 1 and --batch ≥ 2.");
        if (options.EmaDecay is { } decay && !(decay is > 0 and < 1)) throw new CliException("--ema must be a decay between 0 and 1, such as 0.999 (0: off).");
        if (options.ClassBalance is < 0 or > 1) throw new CliException("--class-balance must lie between 0 (off) and 1 (every class equally often); 0.5 is square-root sampling.");
        if (options.TestTimeShifts < 1) throw new CliException("--tta must be 1 (off) or more shifts.");

        try
        {
            if (args.Has("cv"))
            {
                var command = CrossValidation.ReproducingCommand(Environment.GetCommandLineArgs().SkipWhile(a => a != "train").Skip(1));
                // --cv --fold K[,L]: only those folds in this sitting (the others are reused if finished, else left).
                var only = args.String("fold") is { } list ? FoldList(list) : null;
                var summary = CrossValidation.Run(options, output, command, onlyFolds: only);
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    mean = summary.Mean,
                    sd = summary.StandardDeviation,
                    balanced = summary.Report?.BalancedAccuracy,
                    folds = summary.Folds.Count,
                    completed = summary.Completed,
                }));
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

    private static int[] FoldList(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var folds = parts.Select(p => int.TryParse(p, out var k) && k > 0 ? k : 0).ToArray();
        return folds.Length > 0 && folds.All(k => k > 0)
            ? folds
            : throw new CliException($"--fold takes a fold number or a comma-separated list of them (such as 2 or 2,3), not '{text}'.");
    }

    private static (double Min, double Max) SnrRange(string text)
    {
        var parts = text.Split(':');
        static double Number(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            return parts.Length == 2 ? (Number(parts[0]), Number(parts[1])) : (Number(text), Number(text));
        }
        catch (FormatException)
        {
            throw new CliException($"--background-snr takes MIN:MAX decibels (such as 10:20), not '{text}'.");
        }
    }
}
