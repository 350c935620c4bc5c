using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace MelMage.Model.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data), so that weights are portable to any
/// framework and loading never executes code. Supports F32, F16 and I64.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 16 * 1024 * 1024;

    /// <summary>Writes <paramref name="tensors"/>; floating-point tensors are stored as <paramref name="floatType"/>
    /// (Float32 or Float16).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, ScalarType floatType = ScalarType.Float32)
    {
        if (floatType is not (ScalarType.Float32 or ScalarType.Float16))
            throw new ArgumentOutOfRangeException(nameof(floatType), floatType, "Weights are stored as Float32 or Float16.");

        var header = new JsonObject();
        var payloads = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var (dtype, bytes) = Encode(tensor, floatType);
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            payloads.Add(bytes);
            offset += bytes.Length;
        }

        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
        // The format asks for the data to start 8-byte aligned; pad the header with spaces.
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var payload in payloads) stream.Write(payload);
    }

    /// <summary>Reads every tensor as float32 (or int64) on the CPU.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < 8) throw new InvalidDataException($"{path} is too short to be a safetensors file.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes || 8 + (long)headerLength > file.Length)
            throw new InvalidDataException($"{path} has an invalid safetensors header length ({headerLength}).");

        var header = JsonNode.Parse(file.AsSpan(8, (int)headerLength))?.AsObject()
            ?? throw new InvalidDataException($"{path} has an empty safetensors header.");
        var dataStart = 8 + (int)headerLength;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__" || node is null) continue;
            var dtype = node["dtype"]!.GetValue<string>();
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || dataStart + offsets[1] > file.Length)
                throw new InvalidDataException($"{path}: tensor '{name}' has byte range outside the file.");
            var bytes = file.AsSpan(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0]));
            result[name] = Decode(name, dtype, shape, bytes);
        }
        return result;
    }

    private static (string Dtype, byte[] Bytes) Encode(Tensor tensor, ScalarType floatType)
    {
        // Every intermediate stays referenced (by the scope) until the native call that reads it returns. A chained
        // temporary such as detach()'s result is otherwise unreachable during the next call, and the finalizer can free
        // its native tensor mid-copy: that was the training crash of docs/training.md ("A known fault").
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        switch (cpu.dtype)
        {
            case ScalarType.Int64:
                return ("I64", MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray());
            case ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float64:
                {
                    var f32 = cpu.to(ScalarType.Float32);
                    var values = f32.data<float>().ToArray();
                    if (floatType == ScalarType.Float32) return ("F32", MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
                    var halves = new Half[values.Length];
                    for (var i = 0; i < values.Length; i++) halves[i] = (Half)values[i];
                    return ("F16", MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
                }
            default:
                throw new NotSupportedException($"Cannot store a {cpu.dtype} tensor.");
        }
    }

    private static Tensor Decode(string name, string dtype, long[] shape, ReadOnlySpan<byte> bytes)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var width = dtype switch { "F32" => 4, "F16" => 2, "I64" => 8, _ => 0 };
        if (width == 0) throw new InvalidDataException($"Tensor '{name}' has unsupported dtype {dtype}.");
        if (bytes.Length != count * width)
            throw new InvalidDataException($"Tensor '{name}' has {bytes.Length} bytes; shape [{string.Join(", ", shape)}] of {dtype} needs {count * width}.");
        switch (dtype)
        {
            case "I64":
                return tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), shape);
            case "F32":
                return tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), shape);
            default:
                var halves = MemoryMarshal.Cast<byte, Half>(bytes);
                var values = new float[halves.Length];
                for (var i = 0; i < values.Length; i++) values[i] = (float)halves[i];
                return tensor(values, shape);
        }
    }
}
