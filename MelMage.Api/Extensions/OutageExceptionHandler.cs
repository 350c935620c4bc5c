using MelMage.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace MelMage.Api.Extensions;

/// <summary>A server MelMage depends on is down (Postgres stopped or restarting, Redis gone, the broker unreachable):
/// the request is answered 503 problem+json with <c>Retry-After</c>, never 500. Whatever the request wanted to store
/// was either committed before the failure or not at all (uploads are one transaction).</summary>
internal sealed partial class OutageExceptionHandler(IProblemDetailsService problemDetails, ILogger<OutageExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var dependency = Classify(exception);
        if (dependency is null || context.Response.HasStarted) return false;
        LogUnavailable(dependency, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A server MelMage depends on is unavailable",
                Detail = $"The {dependency} cannot be reached right now. Try again in {RetryAfterSeconds} seconds.",
                Extensions = { ["dependency"] = dependency },
            },
        });
    }

    /// <summary>"database", "cache", "message broker", or null when the exception is not an outage.</summary>
    internal static string? Classify(Exception exception)
    {
        if (DatabaseFailures.IsUnavailable(exception)) return "database";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException) return "cache";
            if (e is MassTransit.ConnectionException) return "message broker";
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Dependency} is unavailable: {Method} {Path} answered 503 ({Exception}: {Reason})")]
    private partial void LogUnavailable(string dependency, string method, string path, string exception, string reason);
}
