using MelMage.Model.Checkpoints;

namespace MelMage.Model.Inference;

/// <summary>Finds the installed models: the subfolders of a models folder (<c>models/esc50</c>, <c>models/esc10</c>,
/// …), each a model directory named after the model.</summary>
public static class ModelLocator
{
    /// <summary>Overrides the default model's directory (whatever the models folder holds).</summary>
    public const string EnvironmentVariable = "MELMAGE_MODEL_DIR";

    /// <summary>Overrides the models folder.</summary>
    public const string ModelsEnvironmentVariable = "MELMAGE_MODELS_DIR";

    /// <summary>The model served when a request names none.</summary>
    public const string DefaultModelName = "esc50";

    /// <summary><c>MELMAGE_MODEL_DIR</c> if set; else the default model's folder in <see cref="ModelsDirectory"/>;
    /// null when there is none.</summary>
    public static string? DefaultModelDirectory(string name = DefaultModelName)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured) return configured;
        return ModelsDirectory() is { } root && IsModel(Path.Combine(root, name)) ? Path.Combine(root, name) : null;
    }

    /// <summary><c>MELMAGE_MODELS_DIR</c> if set; else the nearest <c>models</c> folder holding a model, beside the
    /// application or above it (the repository when run from source); null when there is none.</summary>
    public static string? ModelsDirectory() =>
        Environment.GetEnvironmentVariable(ModelsEnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : FindModelsAbove(AppContext.BaseDirectory);

    /// <summary>The nearest model directory <c>models/<paramref name="name"/></c> at or above <paramref name="start"/>.</summary>
    public static string? FindAbove(string start, string name = DefaultModelName) =>
        FindModelsAbove(start) is { } root && IsModel(Path.Combine(root, name)) ? Path.Combine(root, name) : null;

    /// <summary>The nearest <c>models</c> folder with at least one model in it, at or above <paramref name="start"/>.</summary>
    public static string? FindModelsAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (Installed(candidate).Count > 0) return candidate;
        }
        return null;
    }

    /// <summary>The models in <paramref name="modelsDirectory"/>: (name, directory) of every subfolder with a
    /// <c>model.json</c>, by name.</summary>
    public static IReadOnlyList<(string Name, string Directory)> Installed(string modelsDirectory) =>
        !Directory.Exists(modelsDirectory)
            ? []
            : Directory.EnumerateDirectories(modelsDirectory)
                .Where(IsModel)
                .Select(d => (Name: Path.GetFileName(d), Directory: d))
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .ToList();

    private static bool IsModel(string directory) => File.Exists(Path.Combine(directory, ModelCheckpoint.MetadataFile));

    public const string HowToGetOne =
        "No trained model is installed. Train one with " +
        "'dotnet run --project MelMage.Worker.Gpu -c Release -- train --data <ESC-50 folder> --out models/esc50', " +
        "or point MELMAGE_MODELS_DIR at a folder of models, MELMAGE_MODEL_DIR (or --model) at a model directory " +
        "(model.json + model.safetensors).";
}
