using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>The inference engine, loaded once: the configured or default model, else the untrained network with a
/// warning (so a fresh checkout runs end to end before a model is trained).</summary>
public sealed partial class EngineClipAnalyzer : IClipAnalyzer, IDisposable
{
    private readonly ModelThread _thread = new();
    private readonly InferenceEngine _engine;
    private readonly bool _yieldToModel;

    public EngineClipAnalyzer(IOptions<WorkerOptions> options, ILogger<EngineClipAnalyzer> logger)
    {
        _engine = _thread.Invoke(() => Load(options.Value, logger));
        LogLoaded(logger, _engine.Model.Version, _engine.DeviceName);
        _yieldToModel = options.Value.YieldToModel;
        if (_yieldToModel) ThreadNiceness.LowerAllBut(_thread.Name);
    }

    private static InferenceEngine Load(WorkerOptions o, ILogger logger)
    {
        var engineOptions = new InferenceEngineOptions { Device = o.Device, Threads = o.Threads, Precision = o.Precision };
        var directory = o.Untrained ? null : o.ModelDirectory is { Length: > 0 } d ? d : ModelLocator.DefaultModelDirectory();
        if (directory is null)
        {
            if (!o.Untrained) LogUntrained(logger, ModelLocator.HowToGetOne);
            return InferenceEngine.Untrained(o.UntrainedSeed, engineOptions);
        }
        return InferenceEngine.Load(directory, engineOptions);
    }

    public ModelInfo Model => _engine.Model;

    /// <summary>Runs on the model thread (see <see cref="ModelThread"/>); the caller waits.</summary>
    public IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null)
    {
        var analyses = _thread.Invoke(() => _engine.Analyze(clips, options));
        if (_yieldToModel) ThreadNiceness.LowerAllBut(_thread.Name); // threads started since the last call
        return analyses;
    }

    public void Dispose()
    {
        _thread.Invoke(() =>
        {
            _engine.Dispose();
            return 0;
        });
        _thread.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No trained model found: serving the UNTRAINED network (random weights); its answers mean nothing. {HowTo}")]
    private static partial void LogUntrained(ILogger logger, string howTo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Version} loaded on {Device}")]
    private static partial void LogLoaded(ILogger logger, string version, string device);
}
