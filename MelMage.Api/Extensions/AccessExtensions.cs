using System.Globalization;
using System.Threading.RateLimiting;
using MelMage.Api.Access;
using MelMage.Api.Limits;
using MelMage.Api.Retention;
using MelMage.Api.Training;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace MelMage.Api.Extensions;

/// <summary>Who may do what and how much: the operator key, per-client rate limits, CORS for the web's origin only,
/// the training data roots and retention.</summary>
internal static class AccessExtensions
{
    private const string WebOriginPolicy = "web";

    public static IHostApplicationBuilder AddAccessAndLimits(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(OperatorAccess.Scheme)
            .AddScheme<AuthenticationSchemeOptions, OperatorKeyHandler>(OperatorAccess.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAccess.Policy, policy => policy.RequireRole(OperatorAccess.Role));

        var origins = builder.Configuration.GetSection($"{ApiOptions.Section}:{nameof(ApiOptions.AllowedOrigins)}").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddPolicy(WebOriginPolicy, policy => policy
            .WithOrigins(origins.Select(o => o.TrimEnd('/')).ToArray())
            .AllowAnyMethod()
            .WithHeaders("Content-Type", ClientToken.Header, OperatorAccess.ApiKeyHeader, "Authorization")
            .WithExposedHeaders("Location", "Retry-After")));

        // Behind MelMage.Web's proxy (loopback) the client is the browser named in X-Forwarded-For.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor);

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            var requests = PartitionedRateLimiter.Create<HttpContext, string>(context => ClientPartition.Of(context) is { } client
                ? RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.Requests,
                    Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("probes"));
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(requests, new UploadBytesLimiter(ClientPartition.Of, limits));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectedAsync;
        });

        services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.Section);
        services.AddSingleton<DataRoots>();

        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<UserDataDeletion>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return builder;
    }

    /// <summary>Forwarded headers first (the client's address), then the foreign-origin refusal, CORS, the rate limits,
    /// and authentication/authorization.</summary>
    public static WebApplication UseAccessAndLimits(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<ForeignOriginGuard>();
        app.UseCors(WebOriginPolicy);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var limits = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : limits.WindowSeconds;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var bytes = context.Items.ContainsKey(UploadBytesLimiter.RefusedItem);
        var detail = bytes
            ? $"This client has sent more than {limits.UploadKilobytes / 1024.0:0.#} MB in {limits.WindowSeconds} s. Send the rest in {retryAfter} s."
            : $"This client has made more than {limits.Requests} requests in {limits.WindowSeconds} s. Try again in {retryAfter} s.";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = detail,
                Extensions = { ["code"] = bytes ? "UploadRateLimited" : "RequestRateLimited", ["retryAfterSeconds"] = retryAfter },
            },
        });
    }
}
