using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Model.Network;
using MelMage.Model.Training;
using static TorchSharp.torch;

namespace MelMage.Worker.Gpu.Cli;

/// <summary>
/// <c>bench [--frames 431] [--batch 16] [--iterations N] [--precision fp32|bf16] [--threads T] [--shifts S] [--model M] [--no-train]</c>:
/// prints a table, then one JSON line. Latency is measured from a decoded waveform through resampling, log-mel,
/// forward, feature maps, Grad-CAM and top-3, exactly as the worker serves a clip.
/// </summary>
internal static class BenchCommand
{
    public static int Run(CliArguments args, TextWriter output)
    {
        args.RejectUnknown([.. EngineOptionsParser.Names, "frames", "batch", "iterations", "no-train", "train-batch"]);
        var frames = args.Int("frames", 431);
        var batch = args.Int("batch", 16);
        var iterations = Math.Max(3, args.Int("iterations", 20));
        var trainBatch = args.Int("train-batch", 32);
        var options = EngineOptionsParser.Options(args);

        using var engine = args.Has("model")
            ? InferenceEngine.Load(EngineOptionsParser.ModelDirectory(args.String("model")!), options)
            : InferenceEngine.Untrained(0, options);
        var front = engine.Metadata.FrontEnd;
        var clip = Noise((frames - 1) * front.HopLength, front.SampleRate, seed: 1);
        var rows = new List<(string Name, string Value)>();

        var gflops = MatmulGflops();
        var modelGflop = ModelComplexity.ForwardFlops(front.NMels, frames) / 1e9;
        rows.Add(("threads / device / precision / shifts", $"{TorchRuntime.Threads} / {engine.DeviceName} / {options.Precision} / {engine.Shifts}"));
        rows.Add(("fp32 matmul rate (2048²)", $"{gflops:F0} GFLOP/s"));
        rows.Add(("model cost per clip", $"{modelGflop:F2} GFLOP ({front.NMels}×{frames})"));
        rows.Add(("floor at matmul rate", $"{modelGflop / gflops * 1000:F1} ms/clip"));

        var rssBefore = Environment.WorkingSet;
        var full = Percentiles(iterations, () => engine.Analyze([clip]));
        var rssAfter = Environment.WorkingSet;
        rows.Add(("batch 1, full analysis p50 / p90", $"{full.P50:F1} / {full.P90:F1} ms"));
        var predictOnly = Percentiles(iterations, () => engine.Analyze([clip], AnalysisOptions.PredictionsOnly));
        rows.Add(("batch 1, top-3 only p50", $"{predictOnly.P50:F1} ms"));

        var clips = Enumerable.Range(0, batch).Select(i => Noise((frames - 1) * front.HopLength, front.SampleRate, seed: 10 + i)).ToArray();
        var batched = Percentiles(Math.Max(3, iterations / 4), () => engine.Analyze(clips));
        var clipsPerSecond = batch / (batched.P50 / 1000);
        var t = engine.Analyze(clips)[0].Timings;
        rows.Add(($"batch {batch}, per clip: resample / mel / forward / explain", $"{t.ResampleMs:F1} / {t.MelMs:F1} / {t.ForwardMs:F1} / {t.ExplainMs:F1} ms"));
        rows.Add(($"batch {batch}, full analysis", $"{batched.P50:F0} ms = {clipsPerSecond:F1} clips/s"));
        rows.Add(("working set over the batch-1 runs", $"{rssBefore / 1048576} → {rssAfter / 1048576} MiB"));

        double? trainSeconds = null, mixedSeconds = null;
        if (!args.Has("no-train"))
        {
            trainSeconds = TrainStepSeconds(trainBatch, front.NMels, frames);
            rows.Add(($"training step, batch {trainBatch}", $"{trainSeconds:F2} s"));
            mixedSeconds = TrainStepSeconds(trainBatch, front.NMels, frames, mixed: true);
            rows.Add(($"training step, batch {trainBatch}, bf16 passes (train --precision bf16)", $"{mixedSeconds:F2} s"));
        }

        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows) output.WriteLine($"{name.PadRight(width)}  {value}");
        output.WriteLine(JsonSerializer.Serialize(new
        {
            inferMsP50 = Math.Round(full.P50, 1),
            clipsPerSecond = Math.Round(clipsPerSecond, 1),
            trainStepSeconds = trainSeconds is null ? (double?)null : Math.Round(trainSeconds.Value, 2),
            trainStepBf16Seconds = mixedSeconds is null ? (double?)null : Math.Round(mixedSeconds.Value, 2),
            threads = TorchRuntime.Threads,
            device = engine.DeviceName,
            precision = options.Precision.ToString().ToLowerInvariant(),
            shifts = engine.Shifts,
            frames,
            batch,
            topOnlyMsP50 = Math.Round(predictOnly.P50, 1),
            matmulGflops = Math.Round(gflops, 0),
            floorMs = Math.Round(modelGflop / gflops * 1000, 1),
        }));
        return ExitCodes.Ok;
    }

    private static DecodedAudio Noise(int samples, int rate, int seed)
    {
        var random = new Random(seed);
        var data = new float[samples];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 0.2 - 0.1);
        return new DecodedAudio(data, rate, 1, 16, WavSampleEncoding.Pcm16);
    }

    private static (double P50, double P90) Percentiles(int iterations, Action action)
    {
        for (var i = 0; i < 2; i++) action();
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[iterations / 2], times[(int)Math.Min(iterations - 1, Math.Ceiling(iterations * 0.9) - 1)]);
    }

    private static double MatmulGflops()
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var a = randn(2048, 2048);
        var b = randn(2048, 2048);
        a.matmul(b);
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
    }

    private static double TrainStepSeconds(int batch, int mels, int frames, bool mixed = false)
    {
        manual_seed(0);
        using var network = new AudioResNet(50);
        ChannelsLast.Apply(network);
        using var optimizer = TrainingStep.CreateOptimizer(network);
        using var inputs = randn(batch, 1, mels, frames);
        using var targets = randint(0, 50, [batch]);
        TrainingStep.Run(network, optimizer, inputs, targets, mixedPrecision: mixed);
        var best = double.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var watch = Stopwatch.StartNew();
            TrainingStep.Run(network, optimizer, inputs, targets, mixedPrecision: mixed);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    public static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
