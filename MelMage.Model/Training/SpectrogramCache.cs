using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MelMage.Audio.Resampling;
using MelMage.Audio.Spectrograms;
using MelMage.Audio.Wav;

namespace MelMage.Model.Training;

/// <summary>
/// Log-mel spectrograms of a dataset, computed once per clip and front-end configuration and kept on disk, so that
/// epochs (and later runs) cost only the network. Augmentation happens on these spectrograms.
/// </summary>
public sealed class SpectrogramCache
{
    private readonly Dictionary<string, Spectrogram> spectrograms = new(StringComparer.Ordinal);

    private SpectrogramCache(MelOptions options) => Options = options;

    public MelOptions Options { get; }

    public Spectrogram this[Esc50Clip clip] => spectrograms[clip.FileName];

    /// <summary>Loads what <paramref name="directory"/> holds for these options and computes the rest (in parallel).</summary>
    public static SpectrogramCache Build(IReadOnlyList<Esc50Clip> clips, MelOptions options, string directory, Action<int, int>? progress = null)
    {
        var cache = new SpectrogramCache(options);
        var folder = Path.Combine(directory, Key(options));
        Directory.CreateDirectory(folder);
        var mel = new LogMelSpectrogram(options);
        var done = 0;
        var results = new Spectrogram[clips.Count];
        Parallel.For(0, clips.Count, i =>
        {
            var clip = clips[i];
            var file = Path.Combine(folder, clip.FileName + ".f32");
            results[i] = TryRead(file) ?? Compute(clip, mel, options, file);
            progress?.Invoke(Interlocked.Increment(ref done), clips.Count);
        });
        for (var i = 0; i < clips.Count; i++) cache.spectrograms[clips[i].FileName] = results[i];
        return cache;
    }

    private static Spectrogram Compute(Esc50Clip clip, LogMelSpectrogram mel, MelOptions options, string file)
    {
        var audio = WavDecoder.Decode(File.ReadAllBytes(clip.Path));
        var samples = audio.SampleRate == options.SampleRate ? audio.Samples : Resampler.Resample(audio.Samples, audio.SampleRate, options.SampleRate);
        var spectrogram = mel.Compute(samples);
        var temp = file + "." + Environment.ProcessId + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(spectrogram.Mels);
            writer.Write(spectrogram.Frames);
            foreach (var v in spectrogram.Values) writer.Write(v);
        }
        File.Move(temp, file, overwrite: true);
        return spectrogram;
    }

    private static Spectrogram? TryRead(string file)
    {
        if (!File.Exists(file)) return null;
        using var reader = new BinaryReader(File.OpenRead(file));
        var (mels, frames) = (reader.ReadInt32(), reader.ReadInt32());
        if (mels <= 0 || frames <= 0 || reader.BaseStream.Length != 8 + 4L * mels * frames) return null;
        var values = new float[mels * frames];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        return new Spectrogram(values, mels, frames);
    }

    private static string Key(MelOptions options)
    {
        var json = JsonSerializer.Serialize(options);
        return "mel-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12];
    }
}
