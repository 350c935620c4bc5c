using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Worker.Gpu.Analysis;

namespace MelMage.Tests.Faults;

/// <summary>The engine behind a gate the test can close: while it is closed every forward waits (its clips stay
/// "processing" and their messages unacknowledged), so a fault can be made to happen with a batch inside the worker.
/// Each forward also takes at least <c>minimumMs</c>, so a batch of clips is spread over a few seconds.</summary>
public sealed class GatedClipAnalyzer(IClipAnalyzer inner, int minimumMs = 100) : IClipAnalyzer
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private int _waiting;

    public ModelInfo Model => inner.Model;

    /// <summary>Forwards waiting at the closed gate right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            // Bounded, so a test that fails with the gate closed cannot hang the run.
            _open.Wait(TimeSpan.FromMinutes(5));
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        var started = Environment.TickCount64;
        var result = inner.Analyze(clips, options);
        var left = minimumMs - (int)(Environment.TickCount64 - started);
        if (left > 0) Thread.Sleep(left);
        return result;
    }
}
