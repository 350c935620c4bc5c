using System.Text;

namespace MelMage.Audio.Wav;

/// <summary>Names what a non-WAV upload most likely is, from its magic number, so the error tells the user what they
/// actually sent (an MP3, a web page saved by mistake, ...).</summary>
internal static class FileTypeSniffer
{
    /// <summary>The short name of a compressed or non-RIFF audio (or audio-carrying video) container that ffmpeg
    /// decodes ("MP3", "FLAC", ...), or null when the bytes are WAV, not audio, or unknown.</summary>
    public static string? AudioContainer(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("ID3"u8)) return "MP3";
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) return (head[1] & 0x06) == 0 ? "AAC" : "MP3";
        if (head.StartsWith("OggS"u8)) return "Ogg";
        if (head.StartsWith("fLaC"u8)) return "FLAC";
        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8)) return "MP4/M4A";
        if (head.StartsWith("FORM"u8) && head.Length >= 12 &&
            (head[8..12].SequenceEqual("AIFF"u8) || head[8..12].SequenceEqual("AIFC"u8))) return "AIFF";
        if (head.StartsWith(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })) return "WebM/Matroska";
        if (head.StartsWith("#!AMR"u8)) return "AMR";
        if (head.StartsWith(".snd"u8)) return "AU";
        if (head.StartsWith("caff"u8)) return "CAF";
        if (head.StartsWith("wvpk"u8)) return "WavPack";
        return null;
    }

    /// <summary>A phrase such as "an MP3/ID3 file", or null when the bytes match nothing known.</summary>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("ID3"u8)) return "an MP3/ID3 file";
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
        {
            // ADTS (AAC) uses layer bits 00 in the same sync pattern that MPEG audio frames use.
            return (head[1] & 0x06) == 0 ? "an AAC (ADTS) stream" : "an MP3/MPEG audio file";
        }
        if (head.StartsWith("OggS"u8)) return "an Ogg (Vorbis/Opus) file";
        if (head.StartsWith("fLaC"u8)) return "a FLAC file";
        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8)) return "an MP4/M4A file";
        if (head.StartsWith("FORM"u8) && head.Length >= 12 &&
            (head[8..12].SequenceEqual("AIFF"u8) || head[8..12].SequenceEqual("AIFC"u8))) return "an AIFF file";
        if (head.StartsWith(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })) return "a WebM/Matroska file";
        if (head.StartsWith("#!AMR"u8)) return "an AMR file";
        if (head.StartsWith(".snd"u8)) return "a Sun/NeXT AU file";
        if (head.StartsWith("caff"u8)) return "a Core Audio (CAF) file";
        if (head.StartsWith("MThd"u8)) return "a MIDI file";
        if (head.StartsWith("wvpk"u8)) return "a WavPack file";
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return "a ZIP archive";
        if (head.StartsWith(new byte[] { 0x1F, 0x8B })) return "a gzip archive";
        if (head.StartsWith("Rar!"u8)) return "a RAR archive";
        if (head.StartsWith(new byte[] { (byte)'7', (byte)'z', 0xBC, 0xAF })) return "a 7-Zip archive";
        if (head.StartsWith("%PDF"u8)) return "a PDF document";
        if (head.StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })) return "a PNG image";
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return "a JPEG image";
        if (head.StartsWith("GIF8"u8)) return "a GIF image";
        return DescribeText(head);
    }

    private static string? DescribeText(ReadOnlySpan<byte> head)
    {
        var sample = head[..Math.Min(head.Length, 512)];
        if (sample.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) sample = sample[3..];
        var text = Encoding.UTF8.GetString(sample).TrimStart();
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return "an HTML page, perhaps an error page saved instead of the audio";
        }
        if (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)) return "an XML document";
        if (text.StartsWith('{') || text.StartsWith('[')) return "a JSON document";
        return sample.Length >= 4 && IsMostlyText(sample) ? "a text file" : null;
    }

    private static bool IsMostlyText(ReadOnlySpan<byte> bytes)
    {
        var printable = 0;
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\n' or (byte)'\r') printable++;
        }
        return printable >= bytes.Length * 0.95;
    }
}
