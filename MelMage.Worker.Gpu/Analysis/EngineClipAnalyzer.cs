using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>An inference engine, loaded once, run on the worker's one model thread: the default model (see
/// <see cref="ModelCatalog"/>), else the untrained network with a warning (so a fresh checkout runs end to end before
/// a model is trained); or, through <see cref="ForDirectory"/>, any other installed model.</summary>
public sealed partial class EngineClipAnalyzer : IClipAnalyzer, IDisposable
{
    private readonly ModelThread _thread;
    private readonly InferenceEngine _engine;
    private readonly bool _yieldToModel;

    public EngineClipAnalyzer(IOptions<WorkerOptions> options, ModelCatalog catalog, ModelThread thread,
        ILogger<EngineClipAnalyzer> logger)
        : this(options.Value, thread, logger, () => LoadDefault(options.Value, catalog.Default, logger))
    {
    }

    private EngineClipAnalyzer(WorkerOptions options, ModelThread thread, ILogger logger, Func<InferenceEngine> load)
    {
        _thread = thread;
        _engine = _thread.Invoke(load);
        LogLoaded(logger, _engine.Model.Version, _engine.DeviceName);
        _yieldToModel = options.YieldToModel;
        if (_yieldToModel) ThreadNiceness.LowerAllBut(_thread.Name);
    }

    /// <summary>The model in <paramref name="directory"/>, on the shared model thread.</summary>
    public static EngineClipAnalyzer ForDirectory(string directory, WorkerOptions options, ModelThread thread, ILogger logger) =>
        new(options, thread, logger, () => InferenceEngine.Load(directory, EngineOptions(options)));

    private static InferenceEngine LoadDefault(WorkerOptions o, InstalledModel model, ILogger logger)
    {
        if (model.Directory is null)
        {
            if (!o.Untrained) LogUntrained(logger, ModelLocator.HowToGetOne);
            return InferenceEngine.Untrained(o.UntrainedSeed, EngineOptions(o));
        }
        return InferenceEngine.Load(model.Directory, EngineOptions(o));
    }

    private static InferenceEngineOptions EngineOptions(WorkerOptions o) =>
        new() { Device = o.Device, Threads = o.Threads, Precision = o.Precision, Shifts = o.Shifts };

    public ModelInfo Model => _engine.Model;

    /// <summary>Runs on the model thread (see <see cref="ModelThread"/>); the caller waits.</summary>
    public IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null)
    {
        var analyses = _thread.Invoke(() => _engine.Analyze(clips, options));
        if (_yieldToModel) ThreadNiceness.LowerAllBut(_thread.Name); // threads started since the last call
        return analyses;
    }

    /// <summary>Frees the engine on the model thread; the thread itself belongs to the container.</summary>
    public void Dispose() =>
        _thread.Invoke(() =>
        {
            _engine.Dispose();
            return 0;
        });

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No trained model found: serving the UNTRAINED network (random weights); its answers mean nothing. {HowTo}")]
    private static partial void LogUntrained(ILogger logger, string howTo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Version} loaded on {Device}")]
    private static partial void LogLoaded(ILogger logger, string version, string device);
}
