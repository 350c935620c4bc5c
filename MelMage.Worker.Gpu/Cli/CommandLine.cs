using MelMage.Model.Checkpoints;

namespace MelMage.Worker.Gpu.Cli;

/// <summary>Dispatches the worker's command-line verbs; without one, the worker runs as a service.</summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["classify", "mel", "bench", "train", "evaluate", "migrate", "bench-pipeline", "help", "--help", "-h"];

    public const string Usage = """
        usage: dotnet run --project MelMage.Worker.Gpu -c Release -- COMMAND [options]

          classify FILE... [--model DIR]   top-3 per file, one JSON object per line (exit 2 if any file failed)
          mel FILE --out X.npy [--sample-rate 44100 --n-fft 1024 --hop 512 --n-mels 128 --f-min 0 --f-max 22050]
                                           the dB log-mel the model sees, float32 .npy [n_mels, frames]
          bench [--frames 431] [--batch 16] [--iterations N] [--no-train]
                                           latency, throughput and a training step; last line is JSON
          train --data DIR [--fold 5 | --cv [--fold K,L]] [--epochs 100] [--batch 32] [--out DIR] [--resume] [--seed N]
                [--keep final|best] [--half] [--stop-after N] [--precision fp32|bf16]
                [--lr --max-lr --mixup --freq-mask --time-mask ...]  (docs/training.md)
          evaluate --data DIR --model DIR [--fold K | --cv | --all] [--out DIR]
          migrate                          applies pending database migrations to ConnectionStrings__melmage
                                           (exit 78 when it is not set, 69 when the database cannot be reached)
          bench-pipeline [--clips 200] [--batch 16] [--rounds 3] [--warm-up 64] [--data DIR] [--model DIR]
                         [--configuration Release]
                                           end-to-end throughput of the whole system (the built AppHost) against
                                           `bench`; build the solution first; last line is JSON

        engine options: --model DIR | --untrained, --precision fp32|bf16, --device auto|cpu|cuda, --threads N,
                        --shifts N (test-time shifts per window; default: the model's own)
        Without a command the worker runs as the queue consumer service.
        """;

    public static bool IsCommand(string arg) => Commands.Contains(arg, StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args) => Task.FromResult(Run(args, Console.Out, Console.Error));

    /// <summary>Runs a verb with configuration from the environment (<c>ConnectionStrings__melmage</c>, as Aspire
    /// injects it).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, new ConfigurationBuilder().AddEnvironmentVariables().Build(), output, error);

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        try
        {
            var rest = args.Skip(1);
            return args[0] switch
            {
                "classify" => ClassifyCommand.Run(new CliArguments(rest, EngineOptionsParser.Flags), output, error),
                "bench" => BenchCommand.Run(new CliArguments(rest, new HashSet<string>([.. EngineOptionsParser.Flags, "no-train"])), output),
                "mel" => MelCommand.Run(new CliArguments(rest, new HashSet<string>()), output, error),
                "train" => TrainCommand.Run(new CliArguments(rest, TrainCommand.Flags), configuration, output),
                "evaluate" => EvaluateCommand.Run(new CliArguments(rest, new HashSet<string>([.. EngineOptionsParser.Flags, "cv", "all"])), output),
                "migrate" => MigrateCommand.Run(new CliArguments(rest, new HashSet<string>()), configuration, output, error),
                "bench-pipeline" => PipelineBenchCommand.Run(new CliArguments(rest, PipelineBenchCommand.Flags), output, error),
                _ => PrintUsage(output),
            };
        }
        catch (CliException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine(Usage);
            return ExitCodes.Usage;
        }
        catch (ModelLoadException e)
        {
            // A --model that is missing, not a model, or does not fit: the reason, not a stack trace.
            error.WriteLine(e.Message);
            return ExitCodes.NoModel;
        }
    }

    private static int PrintUsage(TextWriter output)
    {
        output.WriteLine(Usage);
        return ExitCodes.Ok;
    }
}
