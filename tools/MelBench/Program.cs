// Times LogMelSpectrogram.Compute on a 5 s clip, single-threaded, with a Stopwatch loop (no BenchmarkDotNet).
// Run: dotnet run -c Release --project tools/MelBench [-- path/to/clip.wav] [iterations]
// Without a path it uses 5 s of deterministic noise at 44.1 kHz; with one it decodes the WAV with WavDecoder.
using System.Diagnostics;
using MelMage.Audio.Spectrograms;
using MelMage.Audio.Wav;

var samples = args.Length > 0 && File.Exists(args[0])
    ? WavDecoder.Decode(File.ReadAllBytes(args[0])).Samples
    : Noise(5 * 44100);
var iterations = args.Length > 1 ? int.Parse(args[1]) : 200;

foreach (var options in new[] { MelOptions.Default, MelOptions.Default with { SampleRate = 22050, FMax = 11025 } })
{
    var setup = Stopwatch.StartNew();
    var mel = new LogMelSpectrogram(options);
    setup.Stop();
    var input = options.SampleRate == 44100 ? samples : samples[..(samples.Length / 2)];
    var destination = new float[mel.OutputLength(input.Length)];

    // Warm-up lets tiered JIT reach the optimised code before timing.
    for (var i = 0; i < 50; i++) mel.Compute(input, destination);

    var times = new double[iterations];
    for (var i = 0; i < iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        mel.Compute(input, destination);
        times[i] = watch.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    Console.WriteLine(
        $"{options.SampleRate} Hz, {input.Length} samples → {options.NMels}×{mel.FrameCount(input.Length)}: " +
        $"median {times[iterations / 2]:0.000} ms, min {times[0]:0.000} ms, p90 {times[iterations * 9 / 10]:0.000} ms " +
        $"over {iterations} runs (setup {setup.Elapsed.TotalMilliseconds:0.0} ms)");
}

static float[] Noise(int length)
{
    var random = new Random(1);
    var noise = new float[length];
    for (var i = 0; i < noise.Length; i++) noise[i] = (float)(random.NextDouble() - 0.5);
    return noise;
}
