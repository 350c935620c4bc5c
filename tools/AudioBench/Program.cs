// Measures, for docs/audio.md:
//   resample            MelMage's Resampler vs NAudio's WdlResamplingSampleProvider: alias suppression, passband
//                       ripple, speed
//   mel DIR             both resamplers' log-mel on 48 kHz input vs torchaudio's (DIR from
//                       tools/reference/resample_reference.py)
//   decode ESC50_AUDIO  WAV decoding time per clip (whatever WavDecoder is at this commit)
//   readers             NAudio's WaveFileReader vs MelMage's WavDecoder on files real writers produce and on
//                       malformed headers (why MelMage keeps its own header validation)
// Run: dotnet run -c Release --project tools/AudioBench -- resample
using System.Diagnostics;
using MelMage.Audio.IO;
using MelMage.Audio.Resampling;
using MelMage.Audio.Spectrograms;
using MelMage.Audio.Wav;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

var resamplers = new (string Name, Func<float[], int, int, float[]> Run)[]
{
    ("MelMage Resampler", (x, from, to) => Resampler.Resample(x, from, to)),
    ("NAudio WdlResamplingSampleProvider (its defaults)", Wdl),
    ("NAudio WdlResampler, windowed-sinc mode (64 taps)", WdlSinc),
};

switch (args.FirstOrDefault())
{
    case "resample":
        foreach (var (name, run) in resamplers)
        {
            Console.WriteLine($"== {name}");
            Quality(run);
            Speed(run);
        }
        break;
    case "mel" when args.Length > 1:
        foreach (var (name, run) in resamplers) MelAgreement(name, run, args[1]);
        break;
    case "readers":
        Readers.Compare();
        break;
    case "decode" when args.Length > 1:
        Decode(args[1]);
        break;
    default:
        Console.Error.WriteLine("usage: AudioBench resample | mel DIR | decode ESC50_AUDIO_DIR");
        return 2;
}
return 0;

static float[] Wdl(float[] input, int from, int to)
{
    var provider = new WdlResamplingSampleProvider(new ArrayProvider(input, from), to);
    var output = new float[Resampler.OutputLength(input.Length, from, to)];
    var done = 0;
    int read;
    while (done < output.Length && (read = provider.Read(output.AsSpan(done))) > 0) done += read;
    return output;
}

// NAudio's resampler core set to its best mode: a windowed sinc instead of the provider's default IIR filters.
static float[] WdlSinc(float[] input, int from, int to)
{
    var resampler = new NAudio.Dsp.WdlResampler();
    resampler.SetMode(true, 0, true, 64);
    resampler.SetFeedMode(false);
    resampler.SetRates(from, to);
    var output = new float[Resampler.OutputLength(input.Length, from, to)];
    var done = 0;
    var consumed = 0;
    while (done < output.Length)
    {
        var want = Math.Min(4096, output.Length - done);
        var needed = resampler.ResamplePrepare(want, 1, out var buffer);
        var available = Math.Min(needed, input.Length - consumed);
        input.AsSpan(consumed, Math.Max(0, available)).CopyTo(buffer);
        if (available < needed) buffer[Math.Max(0, available)..needed].Clear();
        consumed += Math.Max(0, available);
        var made = resampler.ResampleOut(output.AsSpan(done), needed, want, 1);
        if (made == 0) break;
        done += made;
    }
    return output;
}

static void Quality(Func<float[], int, int, float[]> run)
{
    // Tones between the new Nyquist (22.05 kHz) and the old: whatever comes out is aliasing.
    var alias = new List<string>();
    var worst = double.MinValue;
    foreach (var (from, tone) in new[] { (48000, 22500), (48000, 23000), (48000, 23900), (96000, 25000), (96000, 30000), (96000, 45000) })
    {
        var input = Sine(from, tone, 0.5, from * 2);
        var output = run(input, from, 44100);
        var level = 20 * Math.Log10(Rms(output.AsSpan(output.Length / 4, output.Length / 2)) / Rms(input));
        worst = Math.Max(worst, level);
        alias.Add($"{from / 1000} kHz {tone} Hz: {level:0.0} dB");
    }
    Console.WriteLine($"  alias (output level of a tone above 22.05 kHz; lower is better), worst {worst:0.0} dB: {string.Join(", ", alias)}");

    foreach (var (from, edge) in new[] { (48000, 18000), (48000, 20000), (22050, 10000), (16000, 7000) })
    {
        double min = double.MaxValue, max = double.MinValue;
        for (var f = 100.0; f <= edge; f += 250)
        {
            var input = Sine(from, f, 0.5, from);
            var output = run(input, from, 44100);
            var gain = 20 * Math.Log10(Amplitude(output.AsSpan(output.Length / 4, output.Length / 2), 44100, f) / 0.5);
            min = Math.Min(min, gain);
            max = Math.Max(max, gain);
        }
        Console.WriteLine($"  passband {from} -> 44100 Hz, 100 Hz..{edge} Hz: gain {min:0.000} .. {max:0.000} dB (ripple {max - min:0.000} dB)");
    }
}

static void Speed(Func<float[], int, int, float[]> run)
{
    foreach (var from in new[] { 48000, 22050, 16000 })
    {
        var input = Noise(from * 5, 1);
        run(input, from, 44100);
        var watch = Stopwatch.StartNew();
        const int repeats = 40;
        for (var i = 0; i < repeats; i++) run(input, from, 44100);
        Console.WriteLine($"  speed {from} -> 44100 Hz, 5 s clip: {watch.Elapsed.TotalMilliseconds / repeats:0.00} ms");
    }
}

static void MelAgreement(string name, Func<float[], int, int, float[]> run, string dir)
{
    var mel = new LogMelSpectrogram(MelOptions.Default);
    var diffs = new List<double>();
    var maxAbs = 0.0;
    foreach (var input in Directory.GetFiles(dir, "*.48k.npy").Order(StringComparer.Ordinal))
    {
        var samples = NpyFile.Read(input).Data;
        var reference = NpyFile.Read(input.Replace(".48k.npy", ".mel.npy")).Data;
        var ours = mel.Compute(run(samples, 48000, 44100)).Values;
        var n = Math.Min(ours.Length, reference.Length);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var d = Math.Abs(ours[i] - reference[i]);
            sum += d;
            maxAbs = Math.Max(maxAbs, d);
        }
        diffs.Add(sum / n);
    }
    Console.WriteLine($"{name}: mean |dB difference| from torchaudio on {diffs.Count} clips: {diffs.Average():0.0000} dB " +
                      $"(worst clip {diffs.Max():0.0000} dB, largest single bin {maxAbs:0.00} dB)");
}

static void Decode(string dir)
{
    var files = Directory.GetFiles(dir, "*.wav").Select(File.ReadAllBytes).ToList();
    foreach (var f in files) WavDecoder.Decode(f);
    var best = double.MaxValue;
    for (var round = 0; round < 5; round++)
    {
        var watch = Stopwatch.StartNew();
        foreach (var f in files) WavDecoder.Decode(f);
        best = Math.Min(best, watch.Elapsed.TotalMilliseconds / files.Count);
    }
    Console.WriteLine($"WavDecoder: {best:0.000} ms per clip over {files.Count} clips (best of 5 rounds)");
}

static float[] Sine(int rate, double frequency, double amplitude, int length)
{
    var x = new float[length];
    for (var i = 0; i < length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
    return x;
}

static float[] Noise(int length, int seed)
{
    var random = new Random(seed);
    var x = new float[length];
    for (var i = 0; i < length; i++) x[i] = (float)(random.NextDouble() * 2 - 1) * 0.5f;
    return x;
}

static double Rms(ReadOnlySpan<float> x)
{
    double sum = 0;
    foreach (var v in x) sum += v * v;
    return Math.Sqrt(sum / x.Length);
}

// Amplitude of the component at `frequency`, by correlation with a sine and a cosine.
static double Amplitude(ReadOnlySpan<float> x, int rate, double frequency)
{
    double re = 0, im = 0;
    for (var i = 0; i < x.Length; i++)
    {
        var phase = 2 * Math.PI * frequency * i / rate;
        re += x[i] * Math.Cos(phase);
        im += x[i] * Math.Sin(phase);
    }
    return 2 * Math.Sqrt(re * re + im * im) / x.Length;
}

/// <summary>An in-memory mono float source for NAudio.</summary>
internal sealed class ArrayProvider(float[] samples, int rate) : ISampleProvider
{
    private int position;

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(rate, 1);

    public int Read(Span<float> buffer)
    {
        var n = Math.Min(buffer.Length, samples.Length - position);
        samples.AsSpan(position, n).CopyTo(buffer);
        position += n;
        return n;
    }
}
