using System.Buffers.Binary;
using System.Text;
using MelMage.Audio.Wav;
using NAudio.Wave;

/// <summary>Feeds the same bytes to NAudio's WaveFileReader (+ ToSampleProvider) and to MelMage's WavDecoder.</summary>
internal static class Readers
{
    public static void Compare()
    {
        var pcm = new byte[2000]; // 1000 16-bit samples of silence
        var cases = new (string Name, byte[] File)[]
        {
            ("canonical 16-bit", Riff(Fmt(1, 1, 8000, 16), Chunk("data", pcm))),
            ("data size 0 (streaming writer)", Riff(Fmt(1, 1, 8000, 16), Chunk("data", pcm, 0))),
            ("data size 0xFFFFFFFF (streaming writer)", Riff(Fmt(1, 1, 8000, 16), Chunk("data", pcm, 0xFFFFFFFF))),
            ("data cut short (size 4000, 2000 present)", Riff(Fmt(1, 1, 8000, 16), Chunk("data", pcm, 4000))),
            ("odd chunk without pad byte before data", Riff(Fmt(1, 1, 8000, 16), Chunk("junk", new byte[3], pad: false), Chunk("data", pcm))),
            ("24-bit WAVE_FORMAT_EXTENSIBLE", Riff(Extensible(1, 2, 8000, 24), Chunk("data", new byte[3000]))),
            ("0 channels", Riff(Fmt(1, 0, 8000, 16, 2), Chunk("data", pcm))),
            ("block align wrong", Riff(Fmt(1, 2, 8000, 16, 3), Chunk("data", pcm))),
            ("LIST chunk running past the end", Riff(Fmt(1, 1, 8000, 16), Chunk("LIST", new byte[4], 5000))),
            ("float NaN samples", Riff(Fmt(3, 1, 8000, 32), Chunk("data", NaNs(500)))),
            ("MP3 bytes", [.. "ID3\x03\0\0\0\0\x0f\x76"u8, .. new byte[100]]),
            ("fmt 0x55 (MP3 inside WAV)", Riff(Fmt(0x55, 1, 44100, 0, 1), Chunk("data", pcm))),
        };
        foreach (var (name, file) in cases)
        {
            Console.WriteLine($"== {name}");
            Console.WriteLine($"   NAudio  : {NAudioRead(file)}");
            Console.WriteLine($"   MelMage : {MelMageRead(file)}");
        }
    }

    private static string NAudioRead(byte[] file)
    {
        try
        {
            using var reader = new WaveFileReader(new MemoryStream(file));
            var provider = reader.ToSampleProvider();
            var buffer = new float[1 << 16];
            long total = 0, nan = 0;
            int read;
            while ((read = provider.Read(buffer)) > 0)
            {
                total += read;
                for (var i = 0; i < read; i++) if (!float.IsFinite(buffer[i])) nan++;
            }
            return $"{total / reader.WaveFormat.Channels} frames, {reader.WaveFormat.Channels} ch, {reader.WaveFormat.SampleRate} Hz" +
                   (nan > 0 ? $", {nan} non-finite samples passed on" : "") + ", no warning";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static string MelMageRead(byte[] file)
    {
        try
        {
            var audio = WavDecoder.Decode(file);
            return $"{audio.Samples.Length} frames, {audio.Channels} ch, {audio.SampleRate} Hz" +
                   (audio.NonFiniteSamples > 0 ? $", {audio.NonFiniteSamples} non-finite (AudioChecks refuses: 400)" : "") +
                   (audio.Notes.Count > 0 ? $", note: {audio.Notes[0]}" : "");
        }
        catch (InvalidAudioException ex)
        {
            return $"{ex.Code}: {ex.Message}";
        }
    }

    private static byte[] Riff(params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var file = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(4 + body.Length));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        body.CopyTo(file, 12);
        return file;
    }

    private static byte[] Chunk(string id, byte[] body, uint? size = null, bool pad = true)
    {
        var padded = pad && body.Length % 2 == 1;
        var chunk = new byte[8 + body.Length + (padded ? 1 : 0)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), size ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] Fmt(ushort tag, ushort channels, uint rate, ushort bits, ushort? align = null)
    {
        var b = new byte[16];
        var blockAlign = align ?? (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), bits);
        return Chunk("fmt ", b);
    }

    private static byte[] Extensible(ushort subFormat, ushort channels, uint rate, ushort bits)
    {
        var b = new byte[40];
        var blockAlign = (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), bits);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), bits);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(24), subFormat);
        // The rest of KSDATAFORMAT_SUBTYPE_PCM's GUID: 0000-0010-8000-00AA00389B71.
        new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 }.CopyTo(b, 26);
        return Chunk("fmt ", b);
    }

    private static byte[] NaNs(int count)
    {
        var bytes = new byte[count * 4];
        for (var i = 0; i < count; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), float.NaN);
        return bytes;
    }
}
