using System.Buffers.Binary;
using System.Text;

namespace MelMage.Tests.Audio.Support;

/// <summary>Assembles RIFF files chunk by chunk, including the wrong sizes and odd layouts real files have.</summary>
internal sealed class RiffBuilder
{
    private readonly List<byte[]> _chunks = [];
    private string _form = "WAVE";
    private uint? _riffSize;

    public RiffBuilder Form(string form)
    {
        _form = form;
        return this;
    }

    /// <summary>Writes <paramref name="size"/> into the RIFF header instead of the true size.</summary>
    public RiffBuilder RiffSize(uint size)
    {
        _riffSize = size;
        return this;
    }

    /// <summary>A chunk; <paramref name="declaredSize"/> overrides the size field, and odd bodies get their pad byte
    /// unless <paramref name="pad"/> is false.</summary>
    public RiffBuilder Chunk(string id, byte[] body, uint? declaredSize = null, bool pad = true)
    {
        var chunk = new byte[8 + body.Length + (pad && body.Length % 2 == 1 ? 1 : 0)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        _chunks.Add(chunk);
        return this;
    }

    public RiffBuilder Fmt(ushort tag, ushort channels, uint sampleRate, ushort bitsPerSample, ushort? blockAlign = null) =>
        Chunk("fmt ", FmtBody(tag, channels, sampleRate, bitsPerSample, blockAlign));

    /// <summary>A 40-byte WAVEFORMATEXTENSIBLE fmt chunk whose SubFormat GUID starts with <paramref name="subFormat"/>.</summary>
    public RiffBuilder FmtExtensible(ushort subFormat, ushort channels, uint sampleRate, ushort containerBits,
        ushort validBits)
    {
        var body = new byte[40];
        FmtBody(0xFFFE, channels, sampleRate, containerBits, null).CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), subFormat);
        // The rest of the KSDATAFORMAT_SUBTYPE GUID: 0000-0010-8000-00AA00389B71.
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(body, 26);
        return Chunk("fmt ", body);
    }

    public RiffBuilder Data(byte[] samples, uint? declaredSize = null) => Chunk("data", samples, declaredSize);

    public byte[] Build()
    {
        var length = 12 + _chunks.Sum(c => c.Length);
        var file = new byte[length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), _riffSize ?? (uint)(length - 8));
        Encoding.ASCII.GetBytes(_form).CopyTo(file, 8);
        var pos = 12;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(file, pos);
            pos += chunk.Length;
        }
        return file;
    }

    public static byte[] FmtBody(ushort tag, ushort channels, uint sampleRate, ushort bitsPerSample, ushort? blockAlign)
    {
        var align = blockAlign ?? (ushort)(channels * (bitsPerSample / 8));
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), sampleRate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), bitsPerSample);
        return body;
    }
}
