using MelMage.Audio.Wav;
using MelMage.Model;
using MelMage.Model.Inference;
using MelMage.Model.Network;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Model;

/// <summary>One untrained engine for the class: a real network with random weights.</summary>
public sealed class UntrainedEngineFixture : IDisposable
{
    public InferenceEngine Engine { get; } = InferenceEngine.Untrained(seed: 7);

    public void Dispose() => Engine.Dispose();
}

public sealed class InferenceEngineTests(UntrainedEngineFixture fixture) : IClassFixture<UntrainedEngineFixture>
{
    private readonly InferenceEngine engine = fixture.Engine;

    private static DecodedAudio Clip(string name) => WavDecoder.Decode(File.ReadAllBytes(TestPaths.Esc50Clip(name)));

    private static DecodedAudio Tone(double seconds, int rate, double frequency = 440)
    {
        var samples = new float[(int)(seconds * rate)];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * frequency * i / rate));
        return new DecodedAudio(samples, rate, 1, 16, WavSampleEncoding.Pcm16);
    }

    [Fact]
    public void Analyze_RealClip_GivesTop3MapsHeatmapsAndWaveform()
    {
        var result = engine.Analyze([Clip("4-102844-A-49.wav")]).Single();

        Assert.Equal(3, result.Predictions.Count);
        Assert.All(result.Predictions, p => Assert.Contains(p.Label, Esc50Labels.All));
        Assert.True(result.Predictions[0].Confidence >= result.Predictions[1].Confidence);
        Assert.True(result.Predictions.Sum(p => p.Confidence) <= 1.0001f);
        Assert.Empty(result.Windows);
        Assert.Equal((128, 431), (result.Spectrogram.Mels, result.Spectrogram.Frames));
        Assert.Equal(FeatureMapNames.All, result.FeatureMaps.Select(m => m.Name));
        var layer4 = result.FeatureMaps.Single(m => m.Name == "layer4");
        Assert.Equal((512, 4, 14), (layer4.Channels, layer4.Height, layer4.Width));
        Assert.Equal(4 * 14, layer4.ChannelMean.Length);
        Assert.Null(layer4.Full);
        Assert.Equal(result.Predictions.Select(p => p.Label), result.Heatmaps.Select(h => h.Label));
        Assert.All(result.Heatmaps, h =>
        {
            Assert.Equal(128 * 431, h.Values.Length);
            Assert.InRange(h.Values.Min(), 0f, 1f);
            Assert.Equal(1f, h.Values.Max(), 4);
        });
        Assert.Equal(1000, result.Waveform.Min.Length);
        Assert.Equal(5.0, result.DurationSeconds, 3);
        Assert.Equal(44100, result.SampleRate);
        Assert.Equal("untrained-seed7", result.ModelVersion);
    }

    [Fact]
    public void Analyze_LongAudio_GivesWindowTimelineAndMeanOfWindowProbabilities()
    {
        var options = AnalysisOptions.PredictionsOnly with { TopK = 50 };
        var result = engine.Analyze([Tone(12, 44100)], options).Single();

        Assert.Equal([(0.0, 5.0), (2.5, 7.5), (5.0, 10.0), (7.0, 12.0)], result.Windows.Select(w => (w.StartSeconds, w.EndSeconds)));
        foreach (var prediction in result.Predictions.Take(5))
        {
            var mean = result.Windows.Average(w => w.Predictions.Single(p => p.Label == prediction.Label).Confidence);
            Assert.Equal(mean, prediction.Confidence, 5);
        }
    }

    [Fact]
    public void Analyze_ShortAndResampledAudio_AreClassifiedAsIs()
    {
        var results = engine.Analyze([Tone(1, 44100), Tone(5, 48000), Tone(0.01, 8000)]);

        Assert.Equal(87, results[0].Spectrogram.Frames);
        Assert.Equal(431, results[1].Spectrogram.Frames);
        Assert.Equal(48000, results[1].SampleRate);
        Assert.Equal(3, results[2].Predictions.Count);
        Assert.All(results, r => Assert.Empty(r.Windows));
    }

    [Fact]
    public void Analyze_BatchedClips_EqualSeparateCalls()
    {
        var a = Clip("4-102844-A-49.wav");
        var b = Clip("4-107117-A-33.wav");
        var together = engine.Analyze([a, b], AnalysisOptions.PredictionsOnly);
        var alone = engine.Analyze([b], AnalysisOptions.PredictionsOnly).Single();

        Assert.Equal(alone.Predictions.Select(p => p.Label), together[1].Predictions.Select(p => p.Label));
        for (var i = 0; i < 3; i++) Assert.Equal(alone.Predictions[i].Confidence, together[1].Predictions[i].Confidence, 4);
    }

    [Fact]
    public void Analyze_FullTensorsOnRequest_HaveChannelHeightWidthValues()
    {
        var result = engine.Analyze([Tone(1, 44100)], AnalysisOptions.Default with { FullFeatureTensors = true }).Single();
        var conv1 = result.FeatureMaps.Single(m => m.Name == "conv1");
        Assert.Equal(conv1.Channels * conv1.Height * conv1.Width, conv1.Full!.Length);
        // The channel mean is the mean of the full tensor over channels.
        var plane = conv1.Height * conv1.Width;
        var mean0 = Enumerable.Range(0, conv1.Channels).Average(c => conv1.Full[c * plane]);
        Assert.Equal(mean0, conv1.ChannelMean[0], 4);
    }

    [Fact]
    public void BFloat16_AgreesWithFloat32OnProbabilities()
    {
        // Both from the shipped model's file: two untrained engines built from one seed can differ when another test
        // draws from libtorch's global generator in between (tests run in parallel).
        var model = Path.Combine(TestPaths.RepositoryRoot, "models", "esc50");
        using var fp32 = InferenceEngine.Load(model);
        using var bf16 = InferenceEngine.Load(model, new InferenceEngineOptions { Precision = InferencePrecision.BFloat16 });
        var clip = Clip("4-102844-A-49.wav");
        var exact = fp32.Analyze([clip], AnalysisOptions.PredictionsOnly with { TopK = 50 }).Single();
        var fast = bf16.Analyze([clip], AnalysisOptions.PredictionsOnly with { TopK = 50 }).Single();
        // Within half a percentage point, not "equal to 2 decimals": rounding puts 0.90485 and 0.90505 apart.
        foreach (var p in exact.Predictions)
            Assert.Equal(p.Confidence, fast.Predictions.Single(q => q.Label == p.Label).Confidence, tolerance: 0.005);
    }

    [Fact]
    public void Shifts_FromTheModelsCard_AverageTheSoftmaxOfCircularlyShiftedWindows()
    {
        // esc10's model.json asks for 4 shifts (its evaluation was measured so); the option overrides it.
        var model = Path.Combine(TestPaths.RepositoryRoot, "models", "esc10");
        using var served = InferenceEngine.Load(model);
        using var plain = InferenceEngine.Load(model, new InferenceEngineOptions { Shifts = 1 });
        Assert.Equal(4, served.Shifts);
        Assert.Equal(1, plain.Shifts);
        // Answers made with another count carry it in their version (stored answers and caches are keyed by it).
        Assert.Equal(served.Model.Version, served.Model.ServedVersion);
        Assert.Equal($"{served.Model.Version}+shifts1", plain.Model.ServedVersion);
        Assert.Equal(served.Model.Version, plain.Model.Version);
        using (var asked = InferenceEngine.Load(model, new InferenceEngineOptions { Shifts = 4 }))
            Assert.Equal(served.Model.Version, asked.Model.ServedVersion);

        var clip = Clip("1-100032-A-0.wav");
        var all = AnalysisOptions.PredictionsOnly with { TopK = 10 };
        var shifted = served.Analyze([clip], all).Single();
        var unshifted = plain.Analyze([clip], all).Single();
        Assert.Equal(served.Model.ServedVersion, shifted.ModelVersion);
        Assert.Equal(plain.Model.ServedVersion, unshifted.ModelVersion);
        Assert.Equal(unshifted.Spectrogram.Values, shifted.Spectrogram.Values);
        Assert.Equal(1f, shifted.Predictions.Sum(p => p.Confidence), 1e-3f);

        // The same average computed by hand from the stored network, rolled as the training's held-out evaluation rolls.
        var (network, _) = MelMage.Model.Checkpoints.ModelCheckpoint.Load(model);
        using (network)
        using (var scope = TorchSharp.torch.NewDisposeScope())
        using (TorchSharp.torch.inference_mode())
        {
            var s = unshifted.Spectrogram;
            var input = TorchSharp.torch.tensor(s.Values, [1, 1, s.Mels, s.Frames]);
            var sum = TorchSharp.torch.zeros(1, 10);
            for (var k = 0; k < 4; k++)
                sum += TorchSharp.torch.nn.functional.softmax(network.call(input.roll(k * s.Frames / 4, 3)), 1);
            var expected = (sum / 4).data<float>().ToArray();
            var labels = served.Model.Labels;
            foreach (var p in shifted.Predictions)
                Assert.Equal(expected[labels.ToList().IndexOf(p.Label)], p.Confidence, tolerance: 1e-4);
        }
        // And the shifts change the answer's numbers (not a no-op).
        Assert.Contains(unshifted.Predictions, p => Math.Abs(p.Confidence - shifted.Predictions.Single(q => q.Label == p.Label).Confidence) > 1e-3);

        // A count asked for one call answers as an engine set to it would, under that count's version; a served
        // version names the count it was made with (how an evicted visualization is redrawn as it was answered).
        var once = plain.Analyze([clip], all with { Shifts = 4 }).Single();
        Assert.Equal(served.Model.Version, once.ModelVersion);
        Assert.Equal(shifted.Predictions.Select(q => q.Label), once.Predictions.Select(q => q.Label));
        foreach (var (a, b) in shifted.Predictions.Zip(once.Predictions)) Assert.Equal(a.Confidence, b.Confidence, tolerance: 1e-5);
        Assert.Equal(4, plain.Model.ShiftsOf(served.Model.Version));
        Assert.Equal(1, served.Model.ShiftsOf(plain.Model.ServedVersion));
        Assert.Equal(7, served.Model.ShiftsOf($"{served.Model.Version}+shifts7"));
        Assert.Null(served.Model.ShiftsOf("esc50-cb05"));
        Assert.Null(served.Model.ShiftsOf($"{served.Model.Version}+shifts0"));
        Assert.Throws<ArgumentOutOfRangeException>(() => served.Analyze([clip], all with { Shifts = 0 }));
    }

    [Fact]
    public void AnalysisWindows_SplitsAtHopAndAlignsLastWindowToTheEnd()
    {
        var spec = new MelMage.Model.Checkpoints.WindowSpec(5, 2.5);
        Assert.Equal([(0, 30)], AnalysisWindows.Split(30, 10, spec));
        Assert.Equal([(0, 50)], AnalysisWindows.Split(50, 10, spec));
        Assert.Equal([(0, 50), (25, 50), (50, 50)], AnalysisWindows.Split(100, 10, spec));
        Assert.Equal([(0, 50), (25, 50), (50, 50), (51, 50)], AnalysisWindows.Split(101, 10, spec));
    }

    [Fact]
    public void Locator_WithoutModelsFolder_FindsNothing()
    {
        var empty = Directory.CreateTempSubdirectory("melmage-nomodel-").FullName;
        try
        {
            Assert.Null(ModelLocator.FindAbove(empty));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
