using MelMage.Model.Checkpoints;

namespace MelMage.Model.Inference;

/// <summary>Finds the model the system uses when none is named.</summary>
public static class ModelLocator
{
    public const string EnvironmentVariable = "MELMAGE_MODEL_DIR";

    /// <summary><c>MELMAGE_MODEL_DIR</c> if set; else <c>models/default</c> beside the application or in the
    /// nearest folder above it (the repository when run from source); null when there is none.</summary>
    public static string? DefaultModelDirectory() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : FindAbove(AppContext.BaseDirectory);

    /// <summary>The nearest <c>models/default</c> model directory at or above <paramref name="start"/>.</summary>
    public static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "default");
            if (File.Exists(Path.Combine(candidate, ModelCheckpoint.MetadataFile))) return candidate;
        }
        return null;
    }

    public const string HowToGetOne =
        "No trained model is installed. Train one with " +
        "'dotnet run --project MelMage.Worker.Gpu -c Release -- train --data <ESC-50 folder> --out models/default', " +
        "or point MELMAGE_MODEL_DIR (or --model) at a model directory (model.json + model.safetensors).";
}
