using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Faults;

/// <summary>Deterministic bad input (seeded): real and generated WAVs, mutated — truncated, bit-flipped, with wrong
/// or lying headers and huge claimed sizes, extra or misplaced chunks — plus random bytes, non-audio files, other
/// containers' signatures with garbage behind them, and ZIPs of all of these, some corrupt or claiming huge entries.</summary>
public sealed class FuzzCorpus(int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<byte[]> _realClips = LoadRealClips();

    public static readonly string[] Kinds =
    [
        "valid", "truncated", "bit-flipped", "header-bit-flipped", "wrong-magic", "huge-claimed-size", "bad-fmt-fields",
        "misplaced-chunks", "random-bytes", "non-audio", "other-container", "float-nan",
    ];

    /// <summary>The <paramref name="index"/>-th file: a name saying what it is, and its bytes.</summary>
    public (string Name, string Kind, byte[] Content) Next(int index)
    {
        var kind = Kinds[index % Kinds.Length];
        var content = kind switch
        {
            "valid" => Base(),
            "truncated" => Truncate(Base()),
            "bit-flipped" => FlipBits(Base(), _random.Next(1, 40), 0),
            "header-bit-flipped" => FlipBits(Base(), _random.Next(1, 6), 0, 44),
            "wrong-magic" => WrongMagic(Base()),
            "huge-claimed-size" => HugeClaimedSize(Base()),
            "bad-fmt-fields" => BadFmtFields(Base()),
            "misplaced-chunks" => MisplacedChunks(Base()),
            "random-bytes" => Bytes(_random.Next(0, 64 * 1024)),
            "non-audio" => NonAudio(),
            "other-container" => OtherContainer(),
            _ => FloatWav(),
        };
        return ($"fuzz-{index:0000}-{kind}.wav", kind, content);
    }

    /// <summary>A file the API should accept: a valid clip, maybe with bits flipped in its samples (never its header).</summary>
    public (string Name, string Kind, byte[] Content) NextPlausible(int index)
    {
        var wav = _random.Next(2) == 0 ? Base() : FlipBits(Base(), _random.Next(1, 40), 44);
        return ($"fuzz-{index:0000}-plausible.wav", "plausible", wav);
    }

    /// <summary>A ZIP of <paramref name="entries"/>; sometimes corrupted afterwards, or lying about an entry's size.</summary>
    public (string Name, string Kind, byte[] Content) Zip(int index, IReadOnlyList<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, _random.Next(2) == 0 ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        var bytes = buffer.ToArray();
        switch (index % 4)
        {
            case 0:
                return ($"fuzz-zip-{index:000}.zip", "zip", bytes);
            case 1:
                return ($"fuzz-zip-{index:000}.zip", "zip-truncated", bytes[..Math.Max(4, _random.Next(bytes.Length))]);
            case 2:
                return ($"fuzz-zip-{index:000}.zip", "zip-bit-flipped", FlipBits(bytes, _random.Next(1, 30), 4));
            default:
                // Every central directory entry claims 2 GB unpacked.
                for (var at = 0; (at = bytes.AsSpan(at).IndexOf("PK\u0001\u0002"u8) is var i and >= 0 ? at + i : -1) >= 0; at += 4)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 24), int.MaxValue);
                }
                return ($"fuzz-zip-{index:000}.zip", "zip-huge-claimed-size", bytes);
        }
    }

    private byte[] Base() => _random.Next(3) switch
    {
        0 => _realClips[_random.Next(_realClips.Count)].ToArray(),
        1 => TestWav.Noise(0.6 + _random.NextDouble() * 0.6, _random.Next()),
        _ => TestWav.Noise(0.6 + _random.NextDouble() * 0.4, _random.Next(), sampleRate: 16000, channels: 2),
    };

    private byte[] Truncate(byte[] wav) => wav[.._random.Next(0, wav.Length)];

    private byte[] FlipBits(byte[] data, int flips, int from, int? to = null)
    {
        var end = Math.Min(to ?? data.Length, data.Length);
        if (end <= from) return data;
        for (var i = 0; i < flips; i++) data[_random.Next(from, end)] ^= (byte)(1 << _random.Next(8));
        return data;
    }

    private byte[] WrongMagic(byte[] wav)
    {
        var (at, magic) = _random.Next(4) switch
        {
            0 => (0, "RIFX"),
            1 => (0, "RF64"),
            2 => (8, "WAVX"),
            _ => (12, "fmt_"),
        };
        Encoding.ASCII.GetBytes(magic).CopyTo(wav, at);
        return wav;
    }

    private byte[] HugeClaimedSize(byte[] wav)
    {
        var span = wav.AsSpan();
        switch (_random.Next(4))
        {
            case 0: BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 0xFFFF_FFF0); break; // RIFF size
            case 1: BinaryPrimitives.WriteUInt32LittleEndian(span[40..], 0x7FFF_FFFF); break; // data size
            case 2: BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 0xFFFF_FFFF); break; // fmt size
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(span[40..], 0xFFFF_FFFF);
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 0xFFFF_FFFF);
                break;
        }
        return wav;
    }

    private byte[] BadFmtFields(byte[] wav)
    {
        var span = wav.AsSpan();
        switch (_random.Next(6))
        {
            case 0: BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)_random.Next(9, 65536)); break; // channels
            case 1: BinaryPrimitives.WriteUInt32LittleEndian(span[24..], _random.Next(2) == 0 ? 0u : 4_000_000_000u); break; // rate
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span[34..], (ushort)new[] { 0, 1, 7, 12, 64, 65535 }[_random.Next(6)]); break; // bits
            case 3: BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)_random.Next(0, 65536)); break; // block align
            case 4: BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)new[] { 0, 2, 3, 6, 7, 0x11, 0xFFFE, 0x1234 }[_random.Next(8)]); break; // format tag
            default: BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)_random.Next()); break; // byte rate
        }
        return wav;
    }

    private byte[] MisplacedChunks(byte[] wav)
    {
        var header = wav[..12];
        var fmt = wav[12..36];
        var data = wav[36..];
        var junk = new byte[8 + _random.Next(0, 64)];
        "LIST"u8.CopyTo(junk);
        BinaryPrimitives.WriteInt32LittleEndian(junk.AsSpan(4), _random.Next(2) == 0 ? junk.Length - 8 : int.MaxValue);
        byte[][] parts = _random.Next(3) switch
        {
            0 => [header, data, fmt],         // data before fmt
            1 => [header, junk, fmt, data],   // an extra chunk, maybe claiming 2 GB
            _ => [header, fmt, fmt, data],    // fmt twice
        };
        return [.. parts.SelectMany(p => p)];
    }

    private byte[] NonAudio() => _random.Next(5) switch
    {
        0 => Encoding.UTF8.GetBytes("{\"this\": \"is json, not audio\", \"n\": " + _random.Next() + "}"),
        1 => [0x89, .. "PNG\r\n\u001a\n"u8, .. Bytes(_random.Next(16, 4096))],
        2 => [.. "%PDF-1.7\n"u8, .. Bytes(_random.Next(16, 4096))],
        3 => [0x7F, .. "ELF"u8, .. Bytes(_random.Next(16, 4096))],
        _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not audio ", _random.Next(1, 500)))),
    };

    private byte[] OtherContainer()
    {
        byte[] magic = _random.Next(6) switch
        {
            0 => [.. "ID3"u8, 3, 0, 0, 0, 0, 0, 0],
            1 => [.. "OggS"u8, 0, 2],
            2 => [.. "fLaC"u8],
            3 => [0xFF, 0xFB, 0x90, 0x64],
            4 => [0, 0, 0, 0x20, .. "ftypM4A "u8],
            _ => [0x1A, 0x45, 0xDF, 0xA3],
        };
        return [.. magic, .. Bytes(_random.Next(0, 8192))];
    }

    /// <summary>IEEE float WAV (format tag 3) with some samples NaN or infinite.</summary>
    private byte[] FloatWav()
    {
        var frames = 16000 * (6 + _random.Next(5)) / 10;
        var wav = new byte[44 + frames * 4];
        var s = wav.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + frames * 4);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], 16000);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], 64000);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], 32);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], frames * 4);
        var poison = _random.Next(3);
        for (var i = 0; i < frames; i++)
        {
            var value = (float)(_random.NextDouble() * 0.5 - 0.25);
            if (poison > 0 && _random.Next(1000) == 0) value = poison == 1 ? float.NaN : float.PositiveInfinity;
            BinaryPrimitives.WriteSingleLittleEndian(s[(44 + 4 * i)..], value);
        }
        return wav;
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The first second of a few real ESC-50 clips, as PCM16 WAVs with a plain 44-byte header.</summary>
    private static List<byte[]> LoadRealClips()
    {
        var clips = new List<byte[]>();
        foreach (var name in new[] { "1-100032-A-0.wav", "1-110389-A-0.wav", "1-116765-A-41.wav", "4-102844-C-49.wav" })
        {
            var path = TestPaths.Esc50Clip(name);
            if (!File.Exists(path)) continue;
            var file = File.ReadAllBytes(path);
            var data = file.AsSpan().IndexOf("data"u8);
            if (data < 0) continue;
            var channels = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(22));
            var rate = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(24));
            var bits = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(34));
            if (bits != 16) continue;
            var samples = new short[Math.Min(rate * channels, (file.Length - data - 8) / 2)];
            for (var i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(data + 8 + 2 * i));
            clips.Add(TestWav.Pcm16(samples, rate, channels));
        }
        if (clips.Count == 0) clips.Add(TestWav.Noise(1.0, seed: 5));
        return clips;
    }
}
