using Microsoft.Extensions.Options;

namespace MelMage.Api.Retention;

/// <summary>Deletes jobs and batches older than <see cref="RetentionOptions.Period"/>, at start and then every
/// <see cref="RetentionOptions.SweepInterval"/>. It runs in the API because the API owns what users create and delete
/// (the same <see cref="UserDataDeletion"/> serves DELETE), and holds the database and Redis already; the workers keep
/// their CPU for the model. With several API replicas each sweeps; the deletes are idempotent.</summary>
public sealed partial class RetentionService(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Period <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(settings.SweepInterval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many jobs were deleted.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        using var poll = PollTracing.BeginPoll();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserDataDeletion>()
            .SweepAsync(clock.GetUtcNow() - options.Value.Period, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
