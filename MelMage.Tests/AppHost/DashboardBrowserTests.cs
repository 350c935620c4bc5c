using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary>The Aspire dashboard in Debian's headless Chromium: log in with the token, see MelMage's resources running
/// and healthy, and find an upload's trace; screenshots under artifacts/screenshots/dashboard/.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DashboardBrowserTests(RunningSystem system, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [PipelineFact]
    public async Task Dashboard_LoggedInWithTheToken_ShowsHealthyResourcesAndTheUploadTrace()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (apt-get install chromium).");
        var screenshots = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots", "dashboard");
        Directory.CreateDirectory(screenshots);
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-119647-A-48.wav"));
        var jobId = (await system.Web.UploadJobAcceptedAsync(clip, "fireworks.wav")).Id;
        Assert.Equal(JobStatusNames.Succeeded, (await system.Web.WaitForJobAsync(jobId, TimeSpan.FromMinutes(2))).Status);
        var traceId = await system.Telemetry.TraceOfJobAsync(jobId, TimeSpan.FromSeconds(60));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        page.SetDefaultTimeout(30_000);

        // Without the token the dashboard asks for it.
        await page.GotoAsync(system.DashboardUrl);
        await page.WaitForURLAsync("**/login**");
        await page.Locator("input").Filter(new() { Visible = true }).First.WaitForAsync();
        await Shot(page, screenshots, "0-login");

        await page.GotoAsync($"{system.DashboardUrl}/login?t={system.BrowserToken}");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        foreach (var resource in new[] { "postgres", "melmage", "redis", "rabbitmq", "api", "worker", "web", "migrations" })
        {
            await page.GetByText(resource, new() { Exact = true }).Filter(new() { Visible = true }).First.WaitForAsync();
        }
        await page.GetByText("Running", new() { Exact = true }).Filter(new() { Visible = true }).First.WaitForAsync();
        var grid = await page.InnerTextAsync("body");
        Assert.DoesNotContain("Unhealthy", grid);
        Assert.DoesNotContain("Failed to start", grid);
        await Shot(page, screenshots, "1-resources");

        await page.GotoAsync($"{system.DashboardUrl}/traces/detail/{traceId}");
        await page.GetByText("forward").Filter(new() { Visible = true }).First.WaitForAsync();
        var detail = await page.InnerTextAsync("body");
        foreach (var expected in new[] { "web", "api", "worker", "classify-clip", "Store uploads", "db store results" })
        {
            Assert.Contains(expected, detail);
        }
        await Shot(page, screenshots, "2-upload-trace");

        await page.GotoAsync($"{system.DashboardUrl}/consolelogs/resource/rabbitmq");
        await page.GetByText("Starting broker").Filter(new() { Visible = true }).First.WaitForAsync();
        await Shot(page, screenshots, "3-console-rabbitmq");
    }

    private async Task Shot(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine(path);
    }
}
