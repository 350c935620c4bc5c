namespace MelMage.Api.Limits;

/// <summary>Who a request counts against: the client's address (behind MelMage.Web, the browser's, from the
/// X-Forwarded-For the web's proxy adds and ForwardedHeaders applies for loopback proxies). Health probes count
/// against nobody.</summary>
internal static class ClientPartition
{
    public static string? Of(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/alive")) return null;
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
