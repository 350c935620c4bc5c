using Microsoft.AspNetCore.Http.HttpResults;

namespace MelMage.Api.Uploads;

/// <summary>Reads a multipart form, turning a wrong media type or an over-limit body into problem results.</summary>
internal static class FormReader
{
    public static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request,
        long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            return (null, TooLarge(maxBodyBytes));
        }
        if (!request.HasFormContentType)
        {
            return (null, TypedResults.Problem(
                detail: "Send the audio as multipart/form-data.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Expected a multipart form"));
        }
        try
        {
            return (await request.ReadFormAsync(cancellationToken), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBodyBytes));
        }
        catch (InvalidDataException ex)
        {
            return (null, ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(maxBodyBytes)
                : TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status400BadRequest,
                    title: "The multipart form is malformed"));
        }
    }

    public static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        detail: $"The request is larger than {maxBytes / 1048576.0:0.#} MB.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The upload is too large",
        extensions: new Dictionary<string, object?> { ["code"] = "TooLarge" });
}
