using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Configuration;

namespace MelMage.Web.Extensions;

public static class Extensions
{
    private const string ApiRoute = "api";
    private const string ApiCluster = "api";
    private const string SpaIndex = "app/index.html";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var api = ApiAddress.Destination(builder.Configuration);
        var routes = new[]
        {
            new RouteConfig
            {
                RouteId = ApiRoute,
                ClusterId = ApiCluster,
                Match = new RouteMatch { Path = "/api/{**rest}" },
                // The API enforces its own upload limits and answers them as readable problems; the proxy streams.
                MaxRequestBodySize = -1,
            },
        };
        var clusters = new[]
        {
            new ClusterConfig
            {
                ClusterId = ApiCluster,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    // A service name, which service discovery resolves from services__api__*.
                    ["api"] = new() { Address = api },
                },
            },
        };
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddServiceDiscoveryDestinationResolver();
        // The page's script is ~270 kB and compresses to a third; it is cached for good afterwards, so compressing it
        // once per browser costs little.
        builder.Services.AddResponseCompression();
        return builder;
    }

    /// <summary>Serves the Vite build under /app. Its file names carry content hashes, so they are cached for good;
    /// index.html never is, so a new build is picked up at once.</summary>
    public static WebApplication UseSpaStaticFiles(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var hashed = context.Context.Request.Path.StartsWithSegments("/app/assets");
                context.Context.Response.Headers[HeaderNames.CacheControl] =
                    hashed ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    /// <summary>Every path that is not a file, the API or a health probe is a page of the single-page app.</summary>
    public static WebApplication MapSpaFallback(this WebApplication app)
    {
        app.MapFallbackToFile(SpaIndex, new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
