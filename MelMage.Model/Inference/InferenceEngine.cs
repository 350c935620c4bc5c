using System.Diagnostics;
using MelMage.Audio.Resampling;
using MelMage.Audio.Spectrograms;
using MelMage.Audio.Wav;
using MelMage.Model.Checkpoints;
using MelMage.Model.Network;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Inference;

/// <summary>
/// decode → resample → log-mel → forward (one batch for all windows of all clips) → top-k, feature maps and Grad-CAM.
/// Thread-safe: calls are serialised, because one forward already uses every core.
/// </summary>
public sealed class InferenceEngine : IDisposable
{
    private const int ShiftBatch = 16;
    private readonly Lock gate = new();
    private readonly AudioResNet network;
    private readonly FoldedResNet folded;
    private readonly ModelMetadata metadata;
    private readonly LogMelSpectrogram melSpectrogram;
    private readonly Device device;

    private InferenceEngine(AudioResNet network, ModelMetadata metadata, string? cardJson, InferenceEngineOptions options)
    {
        if (options.Shifts is < 1) throw new ArgumentOutOfRangeException(nameof(options), "Shifts must be 1 (off) or more.");
        TorchRuntime.ConfigureThreads(options.Threads);
        device = TorchRuntime.ResolveDevice(options.Device);
        this.network = network;
        this.metadata = metadata;
        network.eval();
        folded = new FoldedResNet(network, device,
            options.Precision == InferencePrecision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32);
        melSpectrogram = new LogMelSpectrogram(metadata.FrontEnd);
        Options = options;
        Model = new ModelInfo(metadata.Version, metadata.Labels, cardJson)
        {
            ServedVersion = ModelInfo.ServedVersionOf(metadata.Version, Shifts, metadata.TestTimeShifts),
            TestTimeShifts = metadata.TestTimeShifts,
        };
    }

    public ModelInfo Model { get; }
    public InferenceEngineOptions Options { get; }
    public ModelMetadata Metadata => metadata;
    public string DeviceName => device.type.ToString().ToLowerInvariant();
    /// <summary>Circular time shifts averaged per window (1: none): the option's, else the model's own.</summary>
    public int Shifts => Options.Shifts ?? metadata.TestTimeShifts;

    /// <summary>Loads a model directory (see <see cref="ModelCheckpoint"/>).</summary>
    /// <exception cref="ModelLoadException">The directory cannot be used; the message says why.</exception>
    public static InferenceEngine Load(string modelDirectory, InferenceEngineOptions? options = null)
    {
        var (net, meta) = ModelCheckpoint.Load(modelDirectory);
        var card = File.ReadAllText(Path.Combine(modelDirectory, ModelCheckpoint.MetadataFile));
        return new InferenceEngine(net, meta, card, options ?? InferenceEngineOptions.Default);
    }

    /// <summary>Random weights and the ESC-50 labels: a real network that knows nothing, for development and tests.</summary>
    public static InferenceEngine Untrained(int seed = 0, InferenceEngineOptions? options = null)
    {
        manual_seed(seed);
        var net = new AudioResNet(Esc50Labels.All.Count);
        var meta = new ModelMetadata { Version = $"untrained-seed{seed}", Labels = Esc50Labels.All };
        return new InferenceEngine(net, meta, null, options ?? InferenceEngineOptions.Default);
    }

    /// <summary>Analyses clips together: every window of every clip goes through the network in batches of equal
    /// length.</summary>
    public IReadOnlyList<ClipAnalysis> Analyze(IReadOnlyList<DecodedAudio> clips, AnalysisOptions? options = null)
    {
        options ??= AnalysisOptions.Default;
        if (options.Shifts is < 1) throw new ArgumentOutOfRangeException(nameof(options), "Shifts must be 1 (off) or more.");
        if (clips.Count == 0) return [];
        lock (gate)
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            return AnalyzeLocked(clips, options);
        }
    }

    private List<ClipAnalysis> AnalyzeLocked(IReadOnlyList<DecodedAudio> clips, AnalysisOptions options)
    {
        var total = Stopwatch.StartNew();
        var rate = metadata.FrontEnd.SampleRate;
        var shifts = options.Shifts ?? Shifts;
        var servedVersion = shifts == Shifts ? Model.ServedVersion : ModelInfo.ServedVersionOf(metadata.Version, shifts, metadata.TestTimeShifts);

        // 1. Resample and cut into windows; 2. log-mel of each window.
        var watch = Stopwatch.StartNew();
        var resampled = clips.Select(c => c.SampleRate == rate ? c.Samples : Resampler.Resample(c.Samples, c.SampleRate, rate)).ToArray();
        var resampleMs = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var windows = new List<WindowInput>();
        for (var c = 0; c < clips.Count; c++)
        {
            foreach (var (start, length) in AnalysisWindows.Split(resampled[c].Length, rate, metadata.Window))
            {
                var samples = resampled[c].AsSpan(start, length);
                windows.Add(new WindowInput(c, (double)start / rate, (double)(start + length) / rate, melSpectrogram.Compute(samples)));
            }
        }
        var melMs = watch.Elapsed.TotalMilliseconds;

        // 3. Forward, batched by frame count (windows of different lengths cannot share a tensor).
        watch.Restart();
        var results = new WindowOutput[windows.Count];
        var explainMs = 0.0;
        foreach (var group in windows.Select((w, i) => (w, i)).GroupBy(x => x.w.Spectrogram.Frames))
        {
            var members = group.ToArray();
            var outputs = RunBatch(members.Select(m => m.w.Spectrogram).ToArray(), options, shifts, ref explainMs);
            for (var j = 0; j < members.Length; j++) results[members[j].i] = outputs[j];
        }
        var forwardMs = watch.Elapsed.TotalMilliseconds - explainMs;

        // 4. Per clip: mean of window probabilities, the window that best shows the answer, its explanation.
        watch.Restart();
        var analyses = new List<ClipAnalysis>(clips.Count);
        var explanations = Explain(windows, results, clips.Count, options);
        explainMs += watch.Elapsed.TotalMilliseconds;
        var share = 1.0 / clips.Count;
        var timings = new InferenceTimings(resampleMs * share, melMs * share, forwardMs * share, explainMs * share,
            total.Elapsed.TotalMilliseconds * share);
        for (var c = 0; c < clips.Count; c++)
        {
            var e = explanations[c];
            analyses.Add(new ClipAnalysis(
                e.Predictions, e.Windows, e.Spectrogram,
                WaveformSummary.From(clips[c].Samples, clips[c].SampleRate, options.WaveformPoints),
                e.FeatureMaps, e.Heatmaps, e.Explained, clips[c].DurationSeconds, clips[c].SampleRate, servedVersion, timings));
        }
        return analyses;
    }

    private WindowOutput[] RunBatch(Spectrogram[] spectrograms, AnalysisOptions options, int shifts, ref double explainMs)
    {
        using var scope = NewDisposeScope();
        var (mels, frames) = (spectrograms[0].Mels, spectrograms[0].Frames);
        var plane = mels * frames;
        var data = new float[spectrograms.Length * plane];
        for (var i = 0; i < spectrograms.Length; i++) spectrograms[i].Values.CopyTo(data, i * plane);
        var input = tensor(data, [spectrograms.Length, 1, mels, frames]).to(device);

        var maps = options.FeatureMaps ? new List<(string Name, long[] Shape, float[] Mean, float[]? Full)>() : null;
        var mapWatch = new Stopwatch();
        Action<string, Tensor>? collect = maps is null ? null : (name, t) =>
        {
            mapWatch.Start();
            maps.Add((name, t.shape, ToArray(t.mean([1])), options.FullFeatureTensors ? ToArray(t) : null));
            mapWatch.Stop();
        };
        var logits = folded.Forward(input, collect, out var lastConv);
        var softmax = functional.softmax(logits, 1);
        // Test-time shifts: the same window rolled in time by k/n of its length, answers averaged. Feature maps and
        // Grad-CAM come from the window as it is (k = 0); the training's held-out evaluation shifts the same way. Small
        // batches' rolled copies go through the network together, up to ShiftBatch windows a pass (batch 1 with 4 shifts:
        // 75 ms instead of 105 on 2 cores); larger batches roll one shift a pass.
        var perPass = Math.Max(1, ShiftBatch / spectrograms.Length);
        for (var k = 1; k < shifts; k += perPass)
        {
            var group = Enumerable.Range(k, Math.Min(perPass, shifts - k)).Select(j => input.roll(j * frames / shifts, 3)).ToList();
            var rolled = group.Count == 1 ? group[0] : cat(group, 0);
            softmax = softmax.add(functional.softmax(folded.Forward(rolled, null, out _), 1).view(group.Count, spectrograms.Length, -1).sum([0L]), HeldScalars.One);
        }
        using var count = ((double)shifts).ToScalar(); // held through the native call (Training/AdamW.cs says why)
        var probabilities = ToArray(shifts > 1 ? softmax.div(count) : softmax);
        explainMs += mapWatch.Elapsed.TotalMilliseconds;

        var classes = Model.Labels.Count;
        var outputs = new WindowOutput[spectrograms.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new WindowOutput(
                probabilities.AsSpan(i * classes, classes).ToArray(),
                maps?.Select(m => SliceMap(m, i)).ToList(),
                lastConv[i].unsqueeze(0).cpu().MoveToOuterDisposeScope());
        }
        return outputs;
    }

    private static FeatureMap SliceMap((string Name, long[] Shape, float[] Mean, float[]? Full) map, int index)
    {
        var (c, h, w) = ((int)map.Shape[1], (int)map.Shape[2], (int)map.Shape[3]);
        var mean = map.Mean.AsSpan(index * h * w, h * w).ToArray();
        var full = map.Full?.AsSpan(index * c * h * w, c * h * w).ToArray();
        return new FeatureMap(map.Name, c, h, w, mean, full);
    }

    private List<Explanation> Explain(List<WindowInput> windows, WindowOutput[] results, int clipCount, AnalysisOptions options)
    {
        var labels = Model.Labels;
        var explanations = new List<Explanation>(clipCount);
        for (var c = 0; c < clipCount; c++)
        {
            var indices = Enumerable.Range(0, windows.Count).Where(i => windows[i].Clip == c).ToArray();
            var mean = new float[labels.Count];
            foreach (var i in indices)
                for (var k = 0; k < mean.Length; k++) mean[k] += results[i].Probabilities[k] / indices.Length;
            var top = TopK(mean, options.TopK);
            var best = indices.MaxBy(i => results[i].Probabilities[top[0]]);
            var windowPredictions = indices.Length == 1
                ? []
                : indices.Select(i => Window(windows[i], results[i].Probabilities, options.TopK)).ToList();
            var heatmaps = options.Heatmaps ? Heatmaps(windows[best].Spectrogram, results[best].LastConv, top) : [];
            explanations.Add(new Explanation(
                top.Select(k => new Prediction(labels[k], mean[k])).ToList(),
                windowPredictions,
                Window(windows[best], results[best].Probabilities, options.TopK),
                windows[best].Spectrogram,
                results[best].FeatureMaps ?? [],
                heatmaps));
        }
        foreach (var r in results) r.LastConv.Dispose();
        return explanations;
    }

    private List<Heatmap> Heatmaps(Spectrogram spectrogram, Tensor lastConv, int[] classes)
    {
        using var scope = NewDisposeScope();
        var weight = folded.ClassifierWeight.cpu();
        var picked = tensor(classes.Select(k => (long)k).ToArray(), [1, classes.Length]);
        var maps = ToArray(GradCam.Compute(lastConv, weight, picked, spectrogram.Mels, spectrogram.Frames));
        var plane = spectrogram.Mels * spectrogram.Frames;
        return classes.Select((k, j) => new Heatmap(Model.Labels[k], spectrogram.Mels, spectrogram.Frames,
            maps.AsSpan(j * plane, plane).ToArray())).ToList();
    }

    private WindowPrediction Window(WindowInput window, float[] probabilities, int k) =>
        new(window.Start, window.End, TopK(probabilities, k).Select(i => new Prediction(Model.Labels[i], probabilities[i])).ToList());

    private static int[] TopK(float[] values, int k) =>
        Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).Take(Math.Min(k, values.Length)).ToArray();

    private static float[] ToArray(Tensor t)
    {
        using var scope = NewDisposeScope(); // the chain's temporaries stay referenced until read (SafeTensors.Encode says why)
        return t.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    public void Dispose()
    {
        folded.Dispose();
        network.Dispose();
    }

    private sealed record WindowInput(int Clip, double Start, double End, Spectrogram Spectrogram);

    private sealed record WindowOutput(float[] Probabilities, List<FeatureMap>? FeatureMaps, Tensor LastConv);

    private sealed record Explanation(
        List<Prediction> Predictions, List<WindowPrediction> Windows, WindowPrediction Explained,
        Spectrogram Spectrogram, List<FeatureMap> FeatureMaps, List<Heatmap> Heatmaps);
}
