using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace MelMage.Audio.Wav;

/// <summary>Turns the bytes of a data chunk into mono floats with NAudio's sample providers (8/16/24/32-bit PCM,
/// 32/64-bit float), then averages the channels and replaces non-finite samples by 0, counting them.</summary>
/// <remarks>NAudio does the sample conversion. Two steps stay MelMage's own because NAudio does not offer them:
/// a mean down-mix of any channel count (its <see cref="StereoToMonoSampleProvider"/> takes exactly two channels) and
/// the non-finite count that lets <see cref="Decoding.AudioChecks"/> refuse a file of NaN. The header is read and
/// validated by <see cref="RiffChunkWalker"/> and <see cref="WavFormatParser"/>, not by NAudio's
/// <see cref="WaveFileReader"/>, which is weaker there (see docs/audio.md).</remarks>
internal static class NAudioSampleReader
{
    private const int ChunkFrames = 16384;

    public static unsafe float[] ToMono(ReadOnlySpan<byte> data, WavFormat format, out long nonFinite)
    {
        var frames = data.Length / format.BlockAlign;
        var output = GC.AllocateUninitializedArray<float>(frames);
        var channels = format.Channels;
        nonFinite = 0;
        fixed (byte* start = data)
        {
            using var bytes = new UnmanagedMemoryStream(start, (long)frames * format.BlockAlign);
            using var wave = new RawSourceWaveStream(bytes, ToWaveFormat(format));
            var provider = wave.ToSampleProvider();
            var buffer = new float[Math.Min(ChunkFrames, frames) * channels];
            var done = 0;
            while (done < frames)
            {
                var want = Math.Min(ChunkFrames, frames - done) * channels;
                var read = ReadFully(provider, buffer.AsSpan(0, want));
                if (read < want) throw new InvalidOperationException("NAudio returned fewer samples than the data holds.");
                nonFinite += DownMix(buffer.AsSpan(0, read), channels, output.AsSpan(done, read / channels));
                done += read / channels;
            }
        }
        return output;
    }

    private static int ReadFully(ISampleProvider provider, Span<float> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = provider.Read(buffer[total..]);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    private static long DownMix(ReadOnlySpan<float> interleaved, int channels, Span<float> output)
    {
        long nonFinite = 0;
        if (channels == 1)
        {
            for (var f = 0; f < output.Length; f++)
            {
                var v = interleaved[f];
                if (float.IsFinite(v)) output[f] = Math.Clamp(v, -1f, 1f);
                else { output[f] = 0; nonFinite++; }
            }
            return nonFinite;
        }
        for (int f = 0, i = 0; f < output.Length; f++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++, i++)
            {
                var v = interleaved[i];
                // Float files may hold overs, NaN or infinities; the log-mel maths must never see them.
                if (float.IsFinite(v)) sum += Math.Clamp(v, -1f, 1f);
                else nonFinite++;
            }
            output[f] = (float)(sum / channels);
        }
        return nonFinite;
    }

    private static WaveFormat ToWaveFormat(WavFormat format) => format.Encoding switch
    {
        WavSampleEncoding.Float32 or WavSampleEncoding.Float64 => WaveFormat.CreateCustomFormat(WaveFormatEncoding.IeeeFloat,
            format.SampleRate, format.Channels, format.SampleRate * format.BlockAlign, format.BlockAlign, format.BitsPerSample),
        _ => WaveFormat.CreateCustomFormat(WaveFormatEncoding.Pcm, format.SampleRate, format.Channels,
            format.SampleRate * format.BlockAlign, format.BlockAlign, format.BitsPerSample),
    };
}
