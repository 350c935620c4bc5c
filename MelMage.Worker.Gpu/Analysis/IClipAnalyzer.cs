using MelMage.Audio.Wav;
using MelMage.Model.Inference;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>The model as the worker uses it (the engine, or a decorator around it).</summary>
public interface IClipAnalyzer
{
    ModelInfo Model { get; }

    /// <summary>One batched forward for all clips; thread-safe.</summary>
    IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null);
}
