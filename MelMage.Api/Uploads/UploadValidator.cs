using MelMage.Api.Extensions;
using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Uploads;

/// <summary>Decides at once whether an upload is audio the worker can classify, with the decoder and the rules the
/// worker uses (any format: WAV here, compressed formats through ffmpeg), so that a malformed file, a file of NaN, one
/// that is too short or too long is answered with a 4xx instead of becoming a failed job later. Silence is not an
/// error: the worker answers it as a silent recording.</summary>
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
        try
        {
            var audio = AudioDecoder.Decode(content, new AudioDecodeOptions
            {
                MaxDurationSeconds = limits.MaxAudioSeconds,
                MaxFileBytes = limits.MaxUploadBytes,
                DecodeTimeout = TimeSpan.FromSeconds(limits.DecodeTimeoutSeconds),
            });
            AudioChecks.Validate(audio, new AudioCheckOptions { MinDurationSeconds = limits.MinAudioSeconds });
            return null;
        }
        catch (InvalidAudioException ex)
        {
            var status = ex.Code switch
            {
                // Not audio at all (text, images, archives, unknown bytes) or a WAV codec MelMage does not read.
                AudioErrorCode.NotRiff or AudioErrorCode.NotWave or AudioErrorCode.UnsupportedFormatTag
                    or AudioErrorCode.UnsupportedContainer => StatusCodes.Status415UnsupportedMediaType,
                AudioErrorCode.TooLarge or AudioErrorCode.TooLong => StatusCodes.Status413PayloadTooLarge,
                AudioErrorCode.DecoderUnavailable => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status400BadRequest,
            };
            return new UploadRejection(status, ex.Code.ToString(), ex.Message, fileName);
        }
    }
}
