using System.IO.Compression;
using System.Text.Json;

namespace MelMage.Contracts.Visualization;

/// <summary>The wire and cache form of a <see cref="VisualizationDocument"/>: camelCase JSON, gzip-compressed.</summary>
public static class VisualizationCodec
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static byte[] ToGzipJson(VisualizationDocument document)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, document, JsonOptions);
        }
        return buffer.ToArray();
    }

    public static byte[] Decompress(byte[] gzipJson)
    {
        using var input = new GZipStream(new MemoryStream(gzipJson), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static VisualizationDocument FromGzipJson(byte[] gzipJson) =>
        JsonSerializer.Deserialize<VisualizationDocument>(Decompress(gzipJson), JsonOptions)
        ?? throw new InvalidDataException("Empty visualization document.");
}
