using MassTransit;
using MelMage.Api.Models;
using MelMage.Api.Outbox;
using MelMage.Api.Uploads;
using MelMage.Contracts.Messages;
using MelMage.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MelMage.Api.Extensions;

internal static class Extensions
{
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var limits = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();

        // Bodies beyond the largest thing we accept are refused by the server (413 through UploadExceptionHandler);
        // base64 in the seed's JSON API is 4/3 of the file.
        var maxBody = Math.Max(limits.MaxBatchBytes, limits.MaxUploadBytes * 4 / 3) + 1024 * 1024;
        services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = maxBody);
        services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = maxBody;
            f.ValueCountLimit = limits.MaxBatchFiles + 16;
        });

        services.AddProblemDetails();
        services.AddExceptionHandler<UploadExceptionHandler>();
        services.AddExceptionHandler<OutageExceptionHandler>();
        services.AddOpenApi();
        services.AddSingleton<UploadValidator>();
        services.AddScoped<JobIntake>();
        services.AddScoped<InstalledModels>();
        services.AddSingleton(TimeProvider.System);
        builder.AddAccessAndLimits();

        // Aspire's client integrations: pooled context with retries, IConnectionMultiplexer, their health checks and
        // telemetry. The schema is migrated before the API starts (the worker's migrate verb), never here.
        // A request during a database outage is answered 503 within seconds (OutageExceptionHandler) rather than after
        // minutes of retries: one retry (a pooled connection broken by a server restart), connections time out in 3 s
        // (behind Aspire's proxy a stopped server does not refuse a connection, it leaves it unanswered). Redis commands fail at once while it is unreachable instead of queueing:
        // the cache is optional, and visualizations are recomputed without it.
        builder.AddMelMageDbContext(failFast: (1, TimeSpan.FromSeconds(1), 3));
        builder.AddRedisClient(RedisConnectionName, configureOptions: redis => redis.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast);

        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddMassTransit(bus =>
        {
            var timeout = RequestTimeout.After(s: limits.WorkerTimeoutSeconds);
            bus.AddRequestClient<AnalyzeClip>(new Uri($"queue:{QueueNames.AnalyzeClip}"), timeout);
            bus.AddRequestClient<RenderVisualization>(new Uri($"queue:{QueueNames.RenderVisualization}"), timeout);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var endpoint = RabbitMqEndpoint.Parse(context.GetRequiredService<IConfiguration>()
                    .GetConnectionString(RabbitMqEndpoint.ConnectionName)
                    ?? throw new InvalidOperationException("Connection string 'rabbitmq' is missing."));
                rabbit.Host(endpoint.Host, endpoint.Port, endpoint.VirtualHost, h =>
                {
                    h.Username(endpoint.Username);
                    h.Password(endpoint.Password);
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
