using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MelMage.Tests.Web;

/// <summary>History & models in Chromium against MelMage.Web and the stand-in API, which lists the jobs sent with the
/// browser's client token (GET /api/jobs/mine) as MelMage.Api does: the other tests' browsers sent jobs too, and only
/// this one's appears.</summary>
[Collection(WebPageCollection.Name)]
public sealed class HistoryPageTests(WebPageFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task History_ShowsJobsSentFromThisBrowser_TheModelCard_AndTrainingCurves()
    {
        var page = await fixture.OpenAsync("/");
        await page.GetByTestId("file-input").SetInputFilesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 20_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "History & models" }).ClickAsync();
        await Expect(page.GetByTestId("recent-jobs").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("recent-jobs")).ToContainTextAsync("dog");
        await Expect(page.GetByTestId("models")).ToContainTextAsync(StandInApi.ModelVersion);
        await Expect(page.GetByTestId("models")).ToContainTextAsync("fold 5 held out");
        var charts = page.GetByTestId("training-runs").Locator("canvas");
        await Expect(charts).ToHaveCountAsync(2);
        Assert.True(await PageAssertions.HasDrawingAsync(charts.First));
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "history"));

        await page.GetByTestId("recent-jobs").Locator("tbody tr").First.ClickAsync();
        await Expect(page.GetByTestId("top3")).ToContainTextAsync("dog");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DeleteJob_FromItsPage_AfterConfirming_IsGoneFromTheApiAndTheHistory()
    {
        var page = await fixture.OpenAsync("/");
        await page.GetByTestId("file-input").SetInputFilesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 20_000 });
        var id = Guid.Parse((await page.GetByTestId("job").Locator(".job-title .muted").InnerTextAsync()).Replace("job ", "", StringComparison.Ordinal));
        Assert.True(fixture.Api.HasJob(id));

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete this job" }).ClickAsync();
        Assert.True(fixture.Api.HasJob(id)); // one click only asks
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/history$"));
        await Expect(page.GetByText("No jobs yet")).ToBeVisibleAsync();
        Assert.False(fixture.Api.HasJob(id));
        await page.Context.CloseAsync();
    }
}
