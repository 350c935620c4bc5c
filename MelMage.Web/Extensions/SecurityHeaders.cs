namespace MelMage.Web.Extensions;

/// <summary>Headers that tell the browser what the page may do: scripts only from this site (the Vite build has no
/// inline script; the microphone's worklet is a file of its own), no framing, no MIME sniffing, no referrer sent
/// elsewhere, the microphone for this site only.</summary>
public static class SecurityHeaders
{
    /// <summary>Styles: the stylesheet is a file; React sets element styles through the CSSOM, which CSP allows.
    /// Images: canvases and the favicon (a data: URL). Media: the recording's and upload's playback (blob: URLs).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        + "connect-src 'self'; worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
