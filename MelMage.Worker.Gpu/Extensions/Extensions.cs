using MassTransit;
using MelMage.Contracts.Messages;
using MelMage.Data;
using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Consumers;
using MelMage.Worker.Gpu.Results;
using MelMage.Worker.Gpu.Training;
using Microsoft.Extensions.Options;

namespace MelMage.Worker.Gpu.Extensions;

public static class Extensions
{
    public const string RedisConnectionName = "redis";

    /// <summary>The worker service: database and Redis (Aspire's client integrations), model (loaded at start) and the
    /// three consumers. The schema must be migrated already (the <c>migrate</c> verb, run once by the AppHost).</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var worker = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();

        services.AddSingleton(TimeProvider.System);
        builder.AddMelMageDbContext();
        // The visualization cache is optional: while Redis is unreachable its commands fail at once (and are skipped)
        // instead of queueing behind a reconnect and holding a batch for the command timeout.
        builder.AddRedisClient(RedisConnectionName, configureOptions: redis => redis.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast);
        services.AddSingleton<ModelThread>(_ => new ModelThread());
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<IClipAnalyzer, EngineClipAnalyzer>();
        services.AddSingleton<ClipAnalyzers>();
        services.AddScoped<ClipClassifier>();
        // Before the bus: no message before the model is ready.
        services.AddHostedService<ModelRegistrar>();
        if (worker.Training) services.AddHostedService<TrainingRunner>();

        // The host is started only once the bus is connected and consuming, and stops it within a bound: a worker
        // stopped right after it started must not leave a bus starting behind it on a disposed container.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ClassifyClipBatchConsumer>(c => c.Options<BatchOptions>(batch => batch
                .SetMessageLimit(worker.BatchSize)
                .SetTimeLimit(TimeSpan.FromMilliseconds(worker.BatchWaitMs))
                .SetTimeLimitStart(BatchTimeLimitStart.FromFirst)
                .SetConcurrencyLimit(worker.BatchConcurrency)));
            bus.AddConsumer<AnalyzeClipConsumer>();
            bus.AddConsumer<RenderVisualizationConsumer>();

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
                var o = context.GetRequiredService<IOptions<WorkerOptions>>().Value;

                rabbit.ReceiveEndpoint(QueueNames.ClassifyClip, e =>
                {
                    // Every batch in flight full, and the next one gathering.
                    e.PrefetchCount = o.BatchSize * (o.BatchConcurrency + 1);
                    e.ConcurrentMessageLimit = o.BatchSize * o.BatchConcurrency;
                    e.UseMessageRetry(r => r.Exponential(o.RetryLimit, TimeSpan.FromMilliseconds(o.RetryMinMs),
                        TimeSpan.FromMilliseconds(o.RetryMaxMs), TimeSpan.FromMilliseconds(o.RetryMinMs)));
                    e.ConfigureConsumer<ClassifyClipBatchConsumer>(context);
                });
                rabbit.ReceiveEndpoint(QueueNames.AnalyzeClip, e =>
                {
                    e.PrefetchCount = 2;
                    e.ConcurrentMessageLimit = 1;
                    e.ConfigureConsumer<AnalyzeClipConsumer>(context);
                });
                rabbit.ReceiveEndpoint(QueueNames.RenderVisualization, e =>
                {
                    e.PrefetchCount = 2;
                    e.ConcurrentMessageLimit = 1;
                    e.ConfigureConsumer<RenderVisualizationConsumer>(context);
                });
            });
        });
        return builder;
    }
}
