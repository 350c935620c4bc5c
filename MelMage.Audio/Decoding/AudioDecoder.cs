using MelMage.Audio.Wav;

namespace MelMage.Audio.Decoding;

/// <summary>MelMage's one decoder for uploads of any format: WAV through <see cref="WavDecoder"/> (MelMage's header
/// validation, NAudio's sample conversion), everything a phone or a browser records through ffmpeg
/// (<see cref="FfmpegDecoder"/>). The format is read from the bytes, never from the file name.</summary>
public static class AudioDecoder
{
    /// <summary>Decodes a whole file held in memory.</summary>
    /// <exception cref="InvalidAudioException">The bytes are not audio MelMage can decode within the limits.</exception>
    public static DecodedAudio Decode(ReadOnlySpan<byte> file, AudioDecodeOptions? options = null)
    {
        options ??= AudioDecodeOptions.Default;
        if (file.Length > options.MaxFileBytes)
        {
            throw new InvalidAudioException(AudioErrorCode.TooLarge,
                $"The file is larger than the {options.MaxFileBytes / (1024.0 * 1024.0):0.#} MB accepted.");
        }
        return Container(file) is { } container
            ? FfmpegDecoder.Decode(file, container, options)
            : WavDecoder.Decode(file, options.WavLimits);
    }

    /// <summary>The compressed container the bytes hold ("MP3", "FLAC", ...), or null for WAV and for bytes that are
    /// not audio (which the WAV path refuses with a message naming what they look like).</summary>
    public static string? Container(ReadOnlySpan<byte> file) => FileTypeSniffer.AudioContainer(file);
}
