using MelMage.Api.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MelMage.Api.Uploads;

/// <summary>The answer when the queue has no room: 503 with Retry-After, nothing stored.</summary>
internal static class BacklogFull
{
    public static ProblemHttpResult Problem(HttpContext context, ApiOptions limits, int clips)
    {
        context.Response.Headers.RetryAfter = limits.BacklogRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ApiTelemetry.UploadsRejected.Add(1, new KeyValuePair<string, object?>("http.response.status_code", StatusCodes.Status503ServiceUnavailable));
        return TypedResults.Problem(
            detail: $"The queue holds as many clips as this server takes ({limits.MaxQueuedClips}); {(clips == 1 ? "the clip was" : $"none of the {clips} clips were")} "
                    + $"stored. Send {(clips == 1 ? "it" : "them")} again in {limits.BacklogRetryAfterSeconds} s or later.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "The queue is full",
            extensions: new Dictionary<string, object?> { ["code"] = "BacklogFull" });
    }
}
