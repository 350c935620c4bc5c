using MelMage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MelMage.Tests.Pipeline;

/// <summary>The database and Redis come from Aspire's client integrations, which bring their health checks: /health
/// is green only when both servers answer, /alive only says the process runs.</summary>
[Collection(PipelineCollection.Name)]
public sealed class HealthChecksTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Health_ApiOnAspireIntegrations_ChecksDatabaseAndRedisAgainstRealServers()
    {
        await using var api = TestApi.Create(pipeline.ConnectionStrings);
        using var client = api.CreateClient();

        var registrations = api.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var names = registrations.Select(r => r.Name).ToList();
        var database = Assert.Single(names, n => n.Contains("MelMageDbContext", StringComparison.Ordinal));
        var redis = Assert.Single(names, n => n.Contains("Redis", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["self"], registrations.Where(r => r.Tags.Contains("live")).Select(r => r.Name));

        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries[database].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[redis].Status);
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
    }

    [Fact]
    public async Task Health_DatabaseThatDoesNotExist_IsUnhealthyWhileAliveIsNot()
    {
        var settings = pipeline.ConnectionStrings.ToDictionary();
        settings["ConnectionStrings:melmage"] = pipeline.Servers.Postgres.GetConnectionString($"absent_{Guid.NewGuid():N}");
        await using var api = TestApi.Create(settings);
        using var client = api.CreateClient();

        using var health = await client.GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
    }
}
