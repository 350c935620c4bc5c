using MelMage.Audio.Wav;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Model;

[Collection(SerialTorchCollection.Name)]
public sealed class EngineMemoryTests(UntrainedEngineFixture fixture) : IClassFixture<UntrainedEngineFixture>
{
    [Fact]
    public void Analyze_ThousandRequests_KeepsNativeMemoryFlat()
    {
        var samples = new float[44100];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 44100));
        var clip = new DecodedAudio(samples, 44100, 1, 16, WavSampleEncoding.Pcm16);
        for (var i = 0; i < 50; i++) fixture.Engine.Analyze([clip]);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Environment.WorkingSet;
        for (var i = 0; i < 1000; i++) fixture.Engine.Analyze([clip]);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var growth = (Environment.WorkingSet - before) / 1048576.0;
        // A leaked activation set per request would be tens of MB per 100 requests.
        Assert.True(growth < 64, $"working set grew {growth:F0} MiB over 1000 requests");
    }
}
