using MelMage.Model.Checkpoints;
using MelMage.Model.Inference;

namespace MelMage.Worker.Gpu.Cli;

/// <summary>The engine options every command shares: --model, --untrained, --precision, --device, --threads, --shifts.</summary>
internal static class EngineOptionsParser
{
    public static readonly string[] Names = ["model", "untrained", "precision", "device", "threads", "shifts"];
    public static readonly HashSet<string> Flags = ["untrained"];

    public static InferenceEngineOptions Options(CliArguments args) => new()
    {
        Device = args.String("device") ?? "auto",
        Precision = args.String("precision")?.ToLowerInvariant() switch
        {
            null or "fp32" or "float32" => InferencePrecision.Float32,
            "bf16" or "bfloat16" => InferencePrecision.BFloat16,
            var other => throw new CliException($"--precision must be fp32 or bf16, not '{other}'."),
        },
        Threads = args.Has("threads") ? args.Int("threads", 0) : null,
        Shifts = args.Has("shifts") ? Shifts(args.Int("shifts", 1)) : null,
    };

    private static int Shifts(int n) => n is >= 1 and <= 64 ? n : throw new CliException($"--shifts must lie in 1..64 (1: off), not {n}.");

    /// <summary>--model takes a model directory, or the name of an installed model (<c>--model esc10</c>: a folder
    /// of <see cref="ModelLocator.ModelsDirectory"/>).</summary>
    public static string ModelDirectory(string model)
    {
        if (Directory.Exists(model) || model.Contains(Path.DirectorySeparatorChar) || model.Contains('/')) return model;
        return ModelLocator.ModelsDirectory() is { } root && ModelLocator.Installed(root).FirstOrDefault(m => m.Name == model) is { Directory: { } dir }
            ? dir
            : model;
    }

    /// <summary>Loads the named or default model; null (after printing how to get one) when there is none.</summary>
    public static InferenceEngine? LoadEngine(CliArguments args, TextWriter error)
    {
        var options = Options(args);
        if (args.Has("untrained")) return InferenceEngine.Untrained(0, options);
        var directory = args.String("model") is { } model ? ModelDirectory(model) : ModelLocator.DefaultModelDirectory();
        if (directory is null)
        {
            error.WriteLine(ModelLocator.HowToGetOne);
            return null;
        }
        try
        {
            return InferenceEngine.Load(directory, options);
        }
        catch (ModelLoadException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }
}
