using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>The models this worker serves: the default one (from its own directory, or the untrained network) and
/// every other model folder in the models directory. Read once, at start.</summary>
public sealed class ModelCatalog
{
    public ModelCatalog(IOptions<WorkerOptions> options)
    {
        var o = options.Value;
        var root = o.ModelsDirectory is { Length: > 0 } configured ? configured : ModelLocator.ModelsDirectory();
        var installed = root is null ? [] : ModelLocator.Installed(root);
        var defaultDirectory = o.Untrained ? null
            : o.ModelDirectory is { Length: > 0 } d ? d
            : Environment.GetEnvironmentVariable(ModelLocator.EnvironmentVariable) is { Length: > 0 } e ? e
            : installed.Where(m => m.Name == o.DefaultModel).Select(m => m.Directory).FirstOrDefault();
        Default = new InstalledModel(o.DefaultModel, defaultDirectory, IsDefault: true);
        Models = [Default, .. installed.Where(m => m.Name != o.DefaultModel).Select(m => new InstalledModel(m.Name, m.Directory, false))];
        ModelsDirectory = root;
    }

    public InstalledModel Default { get; }

    /// <summary>The default model first, then the others by name.</summary>
    public IReadOnlyList<InstalledModel> Models { get; }

    public string? ModelsDirectory { get; }

    /// <summary>The model a message names; the default one for null or empty; null when this worker lacks it.</summary>
    public InstalledModel? Find(string? name) =>
        string.IsNullOrEmpty(name) ? Default : Models.FirstOrDefault(m => m.Name == name);
}
