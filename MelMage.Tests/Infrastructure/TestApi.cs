extern alias api;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace MelMage.Tests.Infrastructure;

/// <summary>An in-process API of a test's own, beside the fixture's (for a database of its own, or its exported spans).</summary>
public static class TestApi
{
    /// <param name="connectionStrings">What Aspire would inject (see <see cref="PipelineFixture.ConnectionStrings"/>).</param>
    /// <param name="spans">Receives every span the API's OpenTelemetry SDK exports.</param>
    public static WebApplicationFactory<api::Program> Create(IReadOnlyDictionary<string, string> connectionStrings,
        SpanCollector? spans = null) =>
        new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in connectionStrings) web.UseSetting(key, value);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            if (spans is not null)
            {
                web.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(spans)));
            }
        });
}
