using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MelMage.Api.Uploads;

/// <summary>Turns what the server throws about a client's body (too large, malformed multipart or JSON) into
/// problem+json with the right 4xx, never a 500.</summary>
internal sealed class UploadExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than the server accepts."
                : bad.Message),
            InvalidDataException data when data.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                => (StatusCodes.Status413PayloadTooLarge, data.Message),
            InvalidDataException data => (StatusCodes.Status400BadRequest, data.Message),
            _ => (0, ""),
        };
        if (status == 0 || context.Response.HasStarted) return false;
        context.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = "The request was refused", Detail = detail },
        });
    }
}
