using System.Buffers.Binary;

namespace MelMage.Tests.Infrastructure;

/// <summary>WAV fixtures generated in code: valid PCM16 noise, and the malformed kinds the API must refuse.</summary>
public static class TestWav
{
    /// <summary>Mono PCM16 noise; a different <paramref name="seed"/> gives different content (and hash).</summary>
    public static byte[] Noise(double seconds, int seed, int sampleRate = 44100, int channels = 1)
    {
        var random = new Random(seed);
        var frames = (int)(seconds * sampleRate);
        var samples = new short[frames * channels];
        for (var i = 0; i < samples.Length; i++) samples[i] = (short)random.Next(-8000, 8000);
        return Pcm16(samples, sampleRate, channels);
    }

    public static byte[] Pcm16(short[] samples, int sampleRate, int channels, ushort formatTag = 1)
    {
        var data = samples.Length * 2;
        var file = new byte[44 + data];
        var s = file.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + data);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], data);
        for (var i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], samples[i]);
        return file;
    }

    /// <summary>Malformed files, each with the status the API must answer.</summary>
    public static IEnumerable<(string Name, byte[] Content, int Status)> Malformed()
    {
        var valid = Noise(0.5, seed: 7);
        yield return ("empty", [], 400);
        yield return ("not-riff", "hello, this is plainly a text file and not audio at all"u8.ToArray(), 415);
        yield return ("mp3", [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x90, 0x64, .. new byte[400]], 400); // ffmpeg finds no audio in it
        yield return ("truncated-header", valid[..20], 400);
        var zeroChannels = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(zeroChannels.AsSpan(22), 0);
        yield return ("zero-channels", zeroChannels, 400);
        var mp3InWav = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(mp3InWav.AsSpan(20), 0x55);
        yield return ("format-tag-0x55", mp3InWav, 415);
        yield return ("too-big", Noise(PipelineFixture.MaxUploadBytes / 88200.0 + 1, seed: 8), 413);
    }
}
