using System.Buffers.Binary;

namespace MelMage.Audio.Wav;

/// <summary>Walks the chunks of a RIFF/WAVE file to find fmt and data, tolerating what real writers get wrong: a wrong
/// RIFF size, a data size of 0 or 0xFFFFFFFF from streaming writers, missing pad bytes, trailing junk.</summary>
internal static class RiffChunkWalker
{
    private const int RiffHeaderSize = 12;
    private const int ChunkHeaderSize = 8;

    public static WavLayout Locate(ReadOnlySpan<byte> file)
    {
        CheckRiffHeader(file);

        int? fmtOffset = null, fmtLength = null, dataOffset = null, dataLength = null;
        long missing = 0;
        var chunkCount = 0;
        long pos = RiffHeaderSize;
        while (pos + ChunkHeaderSize <= file.Length && !(fmtOffset is not null && dataOffset is not null))
        {
            var id = file.Slice((int)pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(file[((int)pos + 4)..]);
            var body = pos + ChunkHeaderSize;
            var remaining = file.Length - body;
            chunkCount++;

            if (id.SequenceEqual("data"u8))
            {
                dataOffset = (int)body;
                // Streaming writers leave 0 or 0xFFFFFFFF until they finish, and never come back if interrupted.
                var toEnd = size == 0 || size > remaining;
                dataLength = (int)(toEnd ? remaining : size);
                missing = size is 0 or 0xFFFFFFFF || !toEnd ? 0 : size - remaining;
                if (toEnd) break;
            }
            else if (size > remaining)
            {
                if (id.SequenceEqual("fmt "u8)) throw Truncated(file.Length);
                throw new InvalidAudioException(AudioErrorCode.InvalidChunk,
                    $"The '{Printable(id)}' chunk at byte {pos} claims {size} bytes, but only {remaining} remain in " +
                    "the file; the file is truncated or its header is corrupt.");
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                fmtOffset = (int)body;
                fmtLength = (int)size;
            }

            pos = NextChunk(file, body + size, size);
        }

        // Bytes left over that cannot hold a chunk header mean the file was cut short before its audio.
        if (chunkCount == 0 || (dataOffset is null && pos < file.Length)) throw Truncated(file.Length);
        if (fmtOffset is null)
        {
            throw new InvalidAudioException(AudioErrorCode.MissingFormatChunk,
                "The WAV file has no fmt chunk (or it comes after audio of unknown length), so its sample format " +
                "is unknown.");
        }
        if (dataOffset is null)
        {
            throw new InvalidAudioException(AudioErrorCode.MissingDataChunk,
                "The WAV file has a fmt chunk but no data chunk, so it holds no audio.");
        }
        return new WavLayout(fmtOffset.Value, fmtLength!.Value, dataOffset.Value, dataLength!.Value, missing);
    }

    private static void CheckRiffHeader(ReadOnlySpan<byte> file)
    {
        if (file.IsEmpty) throw new InvalidAudioException(AudioErrorCode.Empty, "The file is empty.");

        var magic = file[..Math.Min(4, file.Length)];
        if (magic.SequenceEqual("RF64"u8) || magic.SequenceEqual("BW64"u8))
        {
            throw new InvalidAudioException(AudioErrorCode.UnsupportedContainer,
                "This is an RF64/BW64 (64-bit WAV) file, which MelMage does not read; export it as a standard WAV " +
                "(under 4 GB).");
        }
        if (magic.SequenceEqual("RIFX"u8))
        {
            throw new InvalidAudioException(AudioErrorCode.UnsupportedContainer,
                "This is a big-endian RIFX WAV file, which MelMage does not read; export it as a standard " +
                "little-endian WAV.");
        }
        if (!"RIFF"u8.StartsWith(magic))
        {
            var kind = FileTypeSniffer.Describe(file);
            throw new InvalidAudioException(AudioErrorCode.NotRiff,
                "Not a WAV file: it does not start with 'RIFF'" + (kind is null ? "." : $" (it looks like {kind})."));
        }
        if (file.Length < RiffHeaderSize) throw Truncated(file.Length);

        var form = file[8..12];
        if (!form.SequenceEqual("WAVE"u8))
        {
            var kind = DescribeRiffForm(form);
            throw new InvalidAudioException(AudioErrorCode.NotWave,
                $"Not a WAV file: it is a RIFF file of type '{Printable(form)}'" +
                (kind is null ? "" : $" ({kind})") + ", not 'WAVE'.");
        }
    }

    private static long NextChunk(ReadOnlySpan<byte> file, long end, long size)
    {
        if ((size & 1) == 0) return end;
        // RIFF pads odd chunks to even length, but some writers forget; trust whichever position holds a chunk id.
        var padded = end + 1;
        if (padded + 4 <= file.Length && !LooksLikeChunkId(file.Slice((int)padded, 4)) &&
            LooksLikeChunkId(file.Slice((int)end, 4)))
        {
            return end;
        }
        return padded;
    }

    private static bool LooksLikeChunkId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
        {
            if (b is < 0x20 or > 0x7E) return false;
        }
        return true;
    }

    private static string? DescribeRiffForm(ReadOnlySpan<byte> form) => System.Text.Encoding.ASCII.GetString(form) switch
    {
        "AVI " => "an AVI video",
        "WEBP" => "a WebP image",
        "RMID" => "a RIFF MIDI file",
        "ACON" => "an animated cursor",
        "CDXA" => "a CD-XA video track",
        "RMP3" => "an MP3 in a RIFF wrapper",
        _ => null,
    };

    private static string Printable(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[id.Length];
        for (var i = 0; i < id.Length; i++) chars[i] = id[i] is >= 0x20 and <= 0x7E ? (char)id[i] : '?';
        return new string(chars);
    }

    private static InvalidAudioException Truncated(int length) =>
        new(AudioErrorCode.TruncatedHeader, $"The file ends inside the WAV header (truncated after {length} bytes).");
}
