namespace MelMage.Audio.Wav;

/// <summary>Reads RIFF/WAVE files (MelMage's header validation, NAudio's sample conversion): PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, any channel count
/// (down-mixed to mono by mean) and any sample rate.</summary>
/// <remarks>Every malformed input raises <see cref="InvalidAudioException"/>; memory is allocated from the bytes
/// actually present, never from what a header claims.</remarks>
public static class WavDecoder
{
    /// <summary>Decodes a whole WAV file held in memory.</summary>
    /// <exception cref="InvalidAudioException">The bytes are not a WAV file this decoder can read.</exception>
    public static DecodedAudio Decode(ReadOnlySpan<byte> file, WavDecodeLimits? limits = null)
    {
        limits ??= WavDecodeLimits.Default;
        if (file.Length > limits.MaxFileBytes) throw TooLarge(limits);

        var layout = RiffChunkWalker.Locate(file);
        var format = WavFormatParser.Parse(file.Slice(layout.FormatOffset, layout.FormatLength), limits);

        var frames = layout.DataLength / format.BlockAlign;
        if (frames == 0)
        {
            throw new InvalidAudioException(AudioErrorCode.NoSamples, layout.DataLength == 0
                ? "The file has no audio samples."
                : $"The file has no audio samples: its data chunk holds {layout.DataLength} bytes, less than one " +
                  $"sample frame ({format.BlockAlign} bytes).");
        }

        var duration = (double)frames / format.SampleRate;
        if (duration > limits.MaxDurationSeconds)
        {
            throw new InvalidAudioException(AudioErrorCode.TooLong,
                $"The audio is {duration:0.0} s long; at most {limits.MaxDurationSeconds:0.###} s is accepted.");
        }

        var samples = NAudioSampleReader.ToMono(file.Slice(layout.DataOffset, layout.DataLength), format, out var nonFinite);
        return new DecodedAudio(samples, format.SampleRate, format.Channels, format.BitsPerSample, format.Encoding)
        {
            NonFiniteSamples = nonFinite,
            Notes = layout.MissingDataBytes > 0 ? [TruncationNote(layout, format)] : [],
        };
    }

    /// <summary>Reads <paramref name="stream"/> to its end (no further than <see cref="WavDecodeLimits.MaxFileBytes"/>)
    /// and decodes it.</summary>
    /// <exception cref="InvalidAudioException">The bytes are not a WAV file this decoder can read, or too many.</exception>
    public static DecodedAudio Decode(Stream stream, WavDecodeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= WavDecodeLimits.Default;
        var maxBytes = Math.Min(limits.MaxFileBytes, Array.MaxLength);
        var capacity = stream.CanSeek ? Math.Clamp(stream.Length - stream.Position, 0, maxBytes) : 0;
        using var buffer = new MemoryStream((int)capacity);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(limits);
            buffer.Write(chunk, 0, read);
        }
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), limits);
    }

    // NAudio's WaveFileReader reads such a file to its end without a word; MelMage decodes what is there and says so.
    private static string TruncationNote(WavLayout layout, WavFormat format)
    {
        var promised = (double)(layout.DataLength + layout.MissingDataBytes) / format.BlockAlign / format.SampleRate;
        var present = (double)(layout.DataLength / format.BlockAlign) / format.SampleRate;
        return $"The file is cut short: its header promises {promised:0.###} s of audio but only {present:0.###} s " +
               $"({layout.MissingDataBytes} bytes missing) is present; the audio that is there was analysed.";
    }

    private static InvalidAudioException TooLarge(WavDecodeLimits limits) =>
        new(AudioErrorCode.TooLarge, $"The file is larger than the {limits.MaxFileBytes / (1024.0 * 1024.0):0.#} MB " +
            "accepted.");
}
