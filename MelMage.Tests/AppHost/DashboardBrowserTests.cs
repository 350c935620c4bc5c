using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MelMage.Tests.AppHost;

/// <summary>Opens each of the dashboard's five views in Debian's headless Chromium after one upload, and keeps a
/// screenshot of each under artifacts/screenshots/dashboard/.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DashboardBrowserTests(RunningSystem system, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [PipelineFact]
    public async Task Dashboard_AfterAnUpload_ShowsEveryViewInChromium()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (apt-get install chromium).");
        var host = system.Host;
        var screenshots = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots", "dashboard");
        Directory.CreateDirectory(screenshots);
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
        var job = await host.Web.WaitForJobAsync((await host.Web.UploadJobAcceptedAsync(clip)).Id, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        await Task.Delay(TimeSpan.FromSeconds(6)); // one metric export interval

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1400, Height = 900 } });

        // Without the token: the login form, not the dashboard.
        await page.GotoAsync(host.Addresses.Dashboard);
        await page.Locator("input[name=t]").WaitForAsync();

        await page.GotoAsync(host.Addresses.DashboardLogin);
        await page.Locator("#res tr[data-name=worker] td.Running").WaitForAsync();
        await Expect(page, "#res", "rabbitmq");
        await Shot(page, screenshots, "1-resources");

        await page.Locator("#res tr[data-name=api] a").First.ClickAsync();
        await page.Locator(".env table td", new() { HasTextString = "ConnectionStrings__postgres" }).First.WaitForAsync();
        Assert.Contains("Password=••••••", await page.Locator("#res").InnerTextAsync());
        await Shot(page, screenshots, "1-resources-environment");

        await page.GotoAsync(host.Addresses.Dashboard + "/#/console/worker");
        await page.Locator("#out", new() { HasTextString = "running (pid" }).WaitForAsync();
        await Shot(page, screenshots, "2-console-worker");

        await page.GotoAsync(host.Addresses.Dashboard + "/#/logs");
        await page.Locator("#ltab tr:nth-child(2)").WaitForAsync();
        await page.SelectOptionAsync("#lres", "worker");
        await page.Locator("#ltab td", new() { HasTextString = "worker" }).First.WaitForAsync();
        await Shot(page, screenshots, "3-structured-logs");

        await page.GotoAsync(host.Addresses.Dashboard + "/#/traces");
        var upload = page.Locator("#ttab a", new() { HasTextString = "web: POST" }).First;
        await upload.WaitForAsync();
        await Shot(page, screenshots, "4-traces");
        await upload.ClickAsync();
        await page.Locator(".wf-row", new() { HasTextString = "forward" }).WaitForAsync();
        var waterfall = await page.Locator("#wf").InnerTextAsync();
        foreach (var expected in new[] { "web", "api", "send", "receive", "worker", "postgresql", "cache" })
        {
            Assert.Contains(expected, waterfall);
        }
        await page.Locator(".wf-row", new() { HasTextString = "forward" }).ClickAsync();
        await page.Locator("#detail h3").WaitForAsync();
        await Shot(page, screenshots, "4-trace-waterfall");

        await page.GotoAsync(host.Addresses.Dashboard + "/#/metrics");
        await page.Locator(".chart h3", new() { HasTextString = "melmage.worker.jobs" }).WaitForAsync(new() { Timeout = 30_000 });
        // Attached, not visible: a flat line (a total that did not move) has an empty bounding box.
        await page.Locator(".chart svg polyline, .chart svg circle").First
            .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Shot(page, screenshots, "5-metrics");
    }

    private static async Task Expect(IPage page, string selector, string text) =>
        await page.Locator(selector, new() { HasTextString = text }).WaitForAsync();

    private async Task Shot(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine(path);
    }
}
