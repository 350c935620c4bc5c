using Microsoft.AspNetCore.Http.HttpResults;

namespace MelMage.Api.Uploads;

/// <summary>Why an upload was refused: HTTP status, a stable code (the decoder's where it has one) and a message a
/// person can act on.</summary>
public sealed record UploadRejection(int Status, string Code, string Detail, string? FileName = null)
{
    public ProblemHttpResult ToProblem() => TypedResults.Problem(
        detail: Detail,
        statusCode: Status,
        title: Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "The upload is too large",
            StatusCodes.Status415UnsupportedMediaType => "The upload is not audio MelMage reads",
            StatusCodes.Status503ServiceUnavailable => "The server cannot decode this format now",
            _ => "The upload is not valid audio",
        },
        extensions: FileName is null
            ? new Dictionary<string, object?> { ["code"] = Code }
            : new Dictionary<string, object?> { ["code"] = Code, ["fileName"] = FileName });
}
