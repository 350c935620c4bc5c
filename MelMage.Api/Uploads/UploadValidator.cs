using MelMage.Api.Extensions;
using MelMage.Audio.Wav;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Uploads;

/// <summary>Decides at once whether an upload is WAV audio the worker can read, with the same decoder the worker
/// uses, so that a malformed file is answered with a 4xx instead of becoming a failed job later.</summary>
public sealed class UploadValidator(IOptions<ApiOptions> options)
{
    /// <summary>Null when the bytes are acceptable; otherwise why not.</summary>
    public UploadRejection? Check(ReadOnlySpan<byte> content, string? fileName = null)
    {
        var limits = options.Value;
        if (content.Length > limits.MaxUploadBytes)
        {
            return new UploadRejection(StatusCodes.Status413PayloadTooLarge, nameof(AudioErrorCode.TooLarge),
                $"The file is {content.Length / 1048576.0:0.0} MB; the limit is {limits.MaxUploadBytes / 1048576.0:0.#} MB.",
                fileName);
        }
        if (content.IsEmpty)
        {
            return new UploadRejection(StatusCodes.Status400BadRequest, nameof(AudioErrorCode.Empty),
                "The file is empty.", fileName);
        }
        if (OtherFormat(content) is { } format)
        {
            return new UploadRejection(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                $"This looks like {format}; MelMage reads WAV files only. Convert it to WAV (PCM or float) and upload again.",
                fileName);
        }
        try
        {
            WavDecoder.Decode(content, new WavDecodeLimits(MaxDurationSeconds: limits.MaxAudioSeconds));
            return null;
        }
        catch (InvalidAudioException ex)
        {
            var status = ex.Code switch
            {
                AudioErrorCode.NotRiff or AudioErrorCode.NotWave or AudioErrorCode.UnsupportedFormatTag
                    => StatusCodes.Status415UnsupportedMediaType,
                AudioErrorCode.TooLarge or AudioErrorCode.TooLong => StatusCodes.Status413PayloadTooLarge,
                _ => StatusCodes.Status400BadRequest,
            };
            return new UploadRejection(status, ex.Code.ToString(), ex.Message, fileName);
        }
    }

    /// <summary>Recognises common audio containers that are not WAV, to say so plainly.</summary>
    private static string? OtherFormat(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("ID3"u8) || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0)) return "MP3 or AAC audio";
        if (b.StartsWith("OggS"u8)) return "Ogg audio";
        if (b.StartsWith("fLaC"u8)) return "FLAC audio";
        if (b.Length >= 8 && b[4..8].SequenceEqual("ftyp"u8)) return "MP4/M4A audio";
        return null;
    }
}
