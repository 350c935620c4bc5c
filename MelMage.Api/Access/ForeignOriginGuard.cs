using MelMage.Api.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Access;

/// <summary>Refuses state-changing requests (POST, PUT, PATCH, DELETE) that a browser sent from a page of another
/// origin than the web's: CORS only stops such a page from reading the answer, not the upload or deletion itself.
/// Requests without an Origin header (scripts, curl, the web's proxy for same-origin GETs) pass.</summary>
internal sealed class ForeignOriginGuard(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problems)
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || _allowed.Contains(origin))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Cross-origin request refused",
                Detail = $"Requests that change data are accepted from MelMage's web page only, not from {origin}. "
                         + "Use the web page, or call the API without an Origin header.",
            },
        });
    }
}
