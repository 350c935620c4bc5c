using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Analysis;

namespace MelMage.Tests.Infrastructure;

/// <summary>Counts the clips that really went through the model (to prove cache hits ran nothing).</summary>
public sealed class CountingClipAnalyzer(IClipAnalyzer inner) : IClipAnalyzer
{
    private int _clips;

    public int ClipsAnalyzed => Volatile.Read(ref _clips);

    public ModelInfo Model => inner.Model;

    public IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null)
    {
        Interlocked.Add(ref _clips, clips.Count);
        return inner.Analyze(clips, options);
    }
}
