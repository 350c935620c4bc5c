using System.IO.Compression;
using System.Text.Json;

namespace MelMage.Contracts.Visualization;

/// <summary>The wire and cache form of a <see cref="VisualizationDocument"/>: camelCase JSON. Workers cache it plain
/// (gzip costs ~1.7 ms a clip, which on the bulk path is taken from the model); the API compresses it per response
/// for clients that accept gzip, since only a small share of bulk results is ever looked at.</summary>
public static class VisualizationCodec
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static byte[] ToJson(VisualizationDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions);

    public static VisualizationDocument FromJson(byte[] json) =>
        JsonSerializer.Deserialize<VisualizationDocument>(json, JsonOptions)
        ?? throw new InvalidDataException("Empty visualization document.");

    public static byte[] Gzip(byte[] json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }
        return buffer.ToArray();
    }
}
