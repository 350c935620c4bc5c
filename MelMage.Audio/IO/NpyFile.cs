using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace MelMage.Audio.IO;

/// <summary>Reads and writes NumPy <c>.npy</c> files holding little-endian float32 arrays in C order (NPY format
/// 1.0; 2.0 and 3.0 headers are read too). Enough for spectrograms and test fixtures, nothing more.</summary>
public static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // NumPy pads the header so the data starts on a 64-byte boundary; readers memory-map on that promise.
    private const int Alignment = 64;

    /// <summary>Reads a float32 array from a file.</summary>
    /// <exception cref="InvalidDataException">The file is not a little-endian float32 C-order .npy.</exception>
    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads a float32 array from a stream positioned at the start of a .npy file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a little-endian float32 C-order .npy.</exception>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> preamble = stackalloc byte[8];
        ReadExactly(stream, preamble);
        if (!preamble[..6].SequenceEqual(Magic)) throw new InvalidDataException("Not a .npy file: bad magic.");
        var major = preamble[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            ReadExactly(stream, length);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            ReadExactly(stream, length);
            var value = BinaryPrimitives.ReadUInt32LittleEndian(length);
            if (value > 1 << 20) throw new InvalidDataException("Implausible .npy header length.");
            headerLength = (int)value;
        }
        else
        {
            throw new InvalidDataException($"Unsupported .npy format version {major}.{preamble[7]}.");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes);
        var shape = ParseHeader(Encoding.UTF8.GetString(headerBytes));

        long count = 1;
        foreach (var extent in shape) count = checked(count * extent);
        if (count > Array.MaxLength) throw new InvalidDataException("The .npy array is too large to hold.");
        var data = new float[count];
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        ReadExactly(stream, bytes);
        if (!BitConverter.IsLittleEndian) ReverseEndianness(data);
        return new NpyArray(data, shape);
    }

    /// <summary>Writes a float32 array as a .npy file (format 1.0, little-endian, C order).</summary>
    /// <param name="path">Destination file; replaced if it exists.</param>
    /// <param name="data">Elements in C order; their count must be the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Extent of each axis.</param>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        using var stream = File.Create(path);
        Write(stream, data, shape);
    }

    /// <summary>Writes a float32 array in .npy format (1.0, little-endian, C order) to a stream.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="data">Elements in C order; their count must be the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Extent of each axis.</param>
    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long count = 1;
        foreach (var extent in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(extent, nameof(shape));
            count *= extent;
        }
        if (count != data.Length)
        {
            throw new ArgumentException($"Shape holds {count} elements but {data.Length} were given.", nameof(data));
        }

        var header = FormatHeader(shape);
        Span<byte> preamble = [.. Magic, 1, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[8..], checked((ushort)header.Length));
        stream.Write(preamble);
        stream.Write(header);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
        }
        else
        {
            var copy = data.ToArray();
            ReverseEndianness(copy);
            stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
        }
    }

    private static byte[] FormatHeader(ReadOnlySpan<int> shape)
    {
        var dims = new StringBuilder();
        foreach (var extent in shape) dims.Append(extent.ToString(CultureInfo.InvariantCulture)).Append(", ");
        // Python writes a one-element tuple as "(n,)" and longer ones without the trailing comma.
        var tuple = shape.Length == 1 ? dims.ToString(0, dims.Length - 1) : dims.ToString().TrimEnd(',', ' ');
        var text = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({tuple}), }}";
        const int preambleLength = 10;
        var padded = (preambleLength + text.Length + 1 + Alignment - 1) / Alignment * Alignment - preambleLength;
        return Encoding.ASCII.GetBytes(text.PadRight(padded - 1) + "\n");
    }

    private static int[] ParseHeader(string header)
    {
        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw new InvalidDataException("The .npy header has no 'descr'.");
        // NumPy always spells float32 little-endian '<f4', whatever machine wrote it.
        if (descr.Groups[1].Value != "<f4")
        {
            throw new InvalidDataException($"Only little-endian float32 .npy is supported, not '{descr.Groups[1].Value}'.");
        }

        var order = FortranOrderPattern().Match(header);
        if (!order.Success) throw new InvalidDataException("The .npy header has no 'fortran_order'.");
        if (order.Groups[1].Value == "True") throw new InvalidDataException("Fortran-order .npy is not supported.");

        var shape = ShapePattern().Match(header);
        if (!shape.Success) throw new InvalidDataException("The .npy header has no 'shape'.");
        var parts = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dims = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
            {
                throw new InvalidDataException($"Bad extent '{parts[i]}' in the .npy shape.");
            }
        }
        return dims;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The .npy file is truncated.", e);
        }
    }

    private static void ReverseEndianness(float[] data)
    {
        var bits = MemoryMarshal.Cast<float, int>(data.AsSpan());
        BinaryPrimitives.ReverseEndianness(bits, bits);
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranOrderPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
