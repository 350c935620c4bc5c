using System.Security.Cryptography;
using System.Text;
using MelMage.AppHost.Hosting;

namespace MelMage.AppHost.Dashboard;

/// <summary>The dashboard: token login, the page, the JSON API behind it, and the OTLP receiver.</summary>
public static class DashboardEndpoints
{
    public const string CookieName = "melmage-dashboard";

    public static WebApplication MapDashboard(this WebApplication app, string token)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/v1") || path.StartsWithSegments("/login") || IsAuthenticated(context, token))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (path.StartsWithSegments("/api"))
            {
                await context.Response.WriteAsJsonAsync(new { error = "Log in first: open the login link the AppHost printed." });
            }
            else
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(LoginPage);
            }
        });

        app.MapGet("/login", (HttpContext context, string? t) =>
        {
            if (t is null || !SameToken(t, token)) return Results.Content(LoginPage, "text/html; charset=utf-8", statusCode: 401);
            context.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
            });
            return Results.Redirect("/");
        });

        app.MapGet("/", () => Results.Content(DashboardPage.Html, "text/html; charset=utf-8"));
        app.MapOtlpReceiver();
        app.MapDashboardApi();
        return app;
    }

    private static bool IsAuthenticated(HttpContext context, string token) =>
        context.Request.Cookies.TryGetValue(CookieName, out var cookie) && SameToken(cookie, token);

    private static bool SameToken(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));

    private const string LoginPage = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>MelMage dashboard — login</title>
        <style>body{font-family:system-ui,sans-serif;background:#1e1e2e;color:#ddd;display:grid;place-items:center;height:90vh}
        form{background:#2a2a3c;padding:2em;border-radius:8px}input{padding:.5em;width:22em}button{padding:.5em 1em}</style></head>
        <body><form method="get" action="/login"><h2>MelMage dashboard</h2>
        <p>Paste the token from the line <code>Login to the dashboard at …/login?t=TOKEN</code><br>that the AppHost printed.</p>
        <input name="t" placeholder="token" autofocus> <button>Log in</button></form></body></html>
        """;
}
