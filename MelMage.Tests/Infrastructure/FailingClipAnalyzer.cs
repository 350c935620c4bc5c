using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Analysis;

namespace MelMage.Tests.Infrastructure;

/// <summary>Throws on the first <paramref name="failures"/> calls (int.MaxValue: always), then delegates.</summary>
public sealed class FailingClipAnalyzer(IClipAnalyzer inner, int failures) : IClipAnalyzer
{
    public const string Message = "simulated engine failure";

    private int _calls;

    public ModelInfo Model => inner.Model;

    public IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null) =>
        Interlocked.Increment(ref _calls) <= failures ? throw new InvalidOperationException(Message) : inner.Analyze(clips, options);
}
