using System.Collections.Concurrent;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>
/// The analyzer of each served model. The default model's is the <see cref="IClipAnalyzer"/> of the container (loaded
/// at start; tests wrap it); every other model is loaded on its first request, once, and runs on the same model thread.
/// </summary>
public sealed class ClipAnalyzers(
    ModelCatalog catalog, IClipAnalyzer defaultAnalyzer, ModelThread thread, IOptions<WorkerOptions> options,
    ILogger<EngineClipAnalyzer> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EngineClipAnalyzer>> _loaded = new(StringComparer.Ordinal);

    public ModelCatalog Catalog => catalog;

    public IClipAnalyzer Default => defaultAnalyzer;

    /// <summary>The analyzer of the named model (the default one for null); null when this worker does not have it.</summary>
    /// <exception cref="MelMage.Model.Checkpoints.ModelLoadException">The model's folder cannot be loaded.</exception>
    public (InstalledModel Model, IClipAnalyzer Analyzer)? Find(string? name)
    {
        if (catalog.Find(name) is not { } model) return null;
        if (model.IsDefault) return (model, defaultAnalyzer);
        var lazy = _loaded.GetOrAdd(model.Name, _ => new Lazy<EngineClipAnalyzer>(
            () => EngineClipAnalyzer.ForDirectory(model.Directory!, options.Value, thread, logger),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return (model, lazy.Value);
    }

    /// <summary>The names this worker serves, for messages about a model it lacks.</summary>
    public string InstalledNames => string.Join(", ", catalog.Models.Select(m => m.Name));

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values.Where(l => l.IsValueCreated)) lazy.Value.Dispose();
    }
}
