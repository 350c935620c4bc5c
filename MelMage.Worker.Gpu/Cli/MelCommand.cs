using MelMage.Audio.Decoding;
using MelMage.Audio.IO;
using MelMage.Audio.Resampling;
using MelMage.Audio.Spectrograms;
using MelMage.Audio.Wav;

namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>mel FILE --out X.npy [--sample-rate 44100 --n-fft 1024 --hop 512 --n-mels 128 --f-min 0 --f-max 22050]</c>:
/// the dB log-mel the model would see (after resampling to --sample-rate), float32 .npy [n_mels, frames].</summary>
internal static class MelCommand
{
    public static int Run(CliArguments args, TextWriter output, TextWriter error)
    {
        args.RejectUnknown("out", "sample-rate", "n-fft", "hop", "n-mels", "f-min", "f-max");
        if (args.Positional.Count != 1) throw new CliException("mel needs exactly one WAV file.");
        var outPath = args.String("out") ?? throw new CliException("mel needs --out X.npy.");
        var options = new MelOptions
        {
            SampleRate = args.Int("sample-rate", MelOptions.Default.SampleRate),
            NFft = args.Int("n-fft", MelOptions.Default.NFft),
            HopLength = args.Int("hop", MelOptions.Default.HopLength),
            NMels = args.Int("n-mels", MelOptions.Default.NMels),
            FMin = args.Double("f-min", MelOptions.Default.FMin),
        };
        options = options with { FMax = args.Has("f-max") ? args.Double("f-max", 0) : Math.Min(MelOptions.Default.FMax!.Value, options.SampleRate / 2.0) };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        DecodedAudio audio;
        try
        {
            audio = AudioDecoder.Decode(File.ReadAllBytes(args.Positional[0]));
        }
        catch (Exception e) when (e is InvalidAudioException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{args.Positional[0]}: {e.Message}");
            return ExitCodes.Failed;
        }
        var samples = audio.SampleRate == options.SampleRate ? audio.Samples : Resampler.Resample(audio.Samples, audio.SampleRate, options.SampleRate);
        var spectrogram = new LogMelSpectrogram(options).Compute(samples);
        NpyFile.Write(outPath, spectrogram.Values, [spectrogram.Mels, spectrogram.Frames]);
        output.WriteLine($"{outPath}: float32 [{spectrogram.Mels}, {spectrogram.Frames}] from {audio.DurationSeconds:F2} s at {audio.SampleRate} Hz");
        return ExitCodes.Ok;
    }
}
