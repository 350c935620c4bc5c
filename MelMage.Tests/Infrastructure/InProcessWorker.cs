using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MelMage.Tests.Infrastructure;

/// <summary>The worker service hosted in the test process on the untrained engine, with the model calls counted.</summary>
public sealed class InProcessWorker : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessWorker(IHost host, CountingClipAnalyzer analyzer)
    {
        _host = host;
        Analyzer = analyzer;
    }

    public CountingClipAnalyzer Analyzer { get; }

    /// <param name="connectionStrings">What Aspire would inject.</param>
    /// <param name="batchSize">Worker:BatchSize.</param>
    /// <param name="wrap">Wraps the engine (to inject failures).</param>
    /// <param name="modelsDirectory">Worker:ModelsDirectory: models served beside the untrained default (esc50); by
    /// default an empty folder, so that only the untrained network is served.</param>
    /// <param name="settings">More configuration (<c>Worker:Shifts</c>, …), applied last.</param>
    public static async Task<InProcessWorker> StartAsync(IReadOnlyDictionary<string, string> connectionStrings,
        int batchSize = 16, Func<IClipAnalyzer, IClipAnalyzer>? wrap = null, string? modelsDirectory = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(connectionStrings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:Untrained"] = "true",
            ["Worker:ModelsDirectory"] = modelsDirectory ?? NoModels,
            ["Worker:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Worker:RetryMinMs"] = "50",
            ["Worker:RetryMaxMs"] = "500",
            // Lowering "every other thread" would lower the test host's own threads.
            ["Worker:YieldToModel"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWorkerServices();
        builder.Services.AddSingleton<EngineClipAnalyzer>();
        builder.Services.AddSingleton<CountingClipAnalyzer>(sp => new CountingClipAnalyzer(
            wrap is null ? sp.GetRequiredService<EngineClipAnalyzer>() : wrap(sp.GetRequiredService<EngineClipAnalyzer>())));
        builder.Services.AddSingleton<IClipAnalyzer>(sp => sp.GetRequiredService<CountingClipAnalyzer>());
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessWorker(host, host.Services.GetRequiredService<CountingClipAnalyzer>());
    }

    private static readonly string NoModels = Directory.CreateTempSubdirectory("melmage-no-models-").FullName;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
