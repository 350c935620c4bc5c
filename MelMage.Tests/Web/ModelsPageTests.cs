using System.Globalization;
using System.Text.Json;
using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MelMage.Tests.Web;

/// <summary>The models view and the classify page's model picker in Chromium, against MelMage.Web and the stand-in
/// API's three models (esc50 default, esc10 with the fixture report, scratch not evaluated).</summary>
[Collection(WebPageCollection.Name)]
public sealed class ModelsPageTests(WebPageFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ModelsView_DrawsEachReport_HeatmapHoverBarsSortedAndTopConfusions()
    {
        var page = await fixture.OpenAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).ClickAsync();
        Assert.EndsWith("/models", page.Url);
        var views = page.GetByTestId("model-eval");
        await Expect(views).ToHaveCountAsync(3);

        var esc10 = page.Locator("[data-testid=model-eval][data-model=esc10]");
        await Expect(esc10.GetByTestId("protocol")).ToContainTextAsync("ESC-10: 5-fold cross-validation on the official folds");
        await Expect(esc10.GetByTestId("folds").Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(esc10.GetByTestId("folds")).ToContainTextAsync("91.3 %");
        await Expect(esc10.GetByTestId("mean-sd")).ToHaveTextAsync("90.0 % ± 2.0 %");
        await Expect(esc10.GetByTestId("headline")).ToHaveTextAsync("90.0 % ± 2.0 %");

        // Per-class accuracy: every class, best first.
        var bars = esc10.GetByTestId("class-bars").Locator("li");
        await Expect(bars).ToHaveCountAsync(10);
        var accuracies = (await bars.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.accuracy)"))
            .Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(accuracies.OrderByDescending(a => a), accuracies);
        await Expect(bars.First).ToContainTextAsync("rooster");
        await Expect(bars.Last).ToContainTextAsync("rain");
        // Each bar says how many clips stand behind its percentage.
        await Expect(bars.First.Locator(".count")).ToHaveTextAsync("39 / 40");

        // The most common mistake of the report (4 rain clips heard as sea waves) leads the list.
        await Expect(esc10.GetByTestId("top-confusions").Locator("li").First).ToHaveTextAsync("rain → sea waves 4×");

        // The confusion matrix: one pixel per cell on a canvas, drawn; hovering a cell names it and its count.
        var canvas = esc10.GetByTestId("confusion").Locator("canvas");
        Assert.Equal(10, await canvas.EvaluateAsync<int>("c => c.width"));
        Assert.True(await PageAssertions.HasDrawingAsync(canvas));
        var box = (await canvas.BoundingBoxAsync())!;
        // Row 2 (rain), column 3 (sea waves): the middle of that cell.
        await canvas.HoverAsync(new() { Position = new Position { X = box.Width * 3.5f / 10, Y = box.Height * 2.5f / 10 } });
        var tooltip = esc10.GetByTestId("confusion-tooltip");
        await Expect(tooltip).ToContainTextAsync("rain → sea waves: 4 clips");
        await Expect(tooltip).ToHaveAttributeAsync("data-row", "2");
        await Expect(tooltip).ToHaveAttributeAsync("data-col", "3");
        await canvas.HoverAsync(new() { Position = new Position { X = box.Width * 1.5f / 10, Y = box.Height * 1.5f / 10 } });
        await Expect(tooltip).ToContainTextAsync("rooster → rooster: 39 clips");

        // The 50-class report draws a 50 × 50 matrix; a model without a report says so.
        var esc50 = page.Locator("[data-testid=model-eval][data-model=esc50]");
        Assert.Equal(50, await esc50.GetByTestId("confusion").Locator("canvas").EvaluateAsync<int>("c => c.width"));
        // Its untested class has no bar; the page names it and says why, and gives each group's clips.
        await Expect(esc50.GetByTestId("class-bars").Locator("li")).ToHaveCountAsync(49);
        await Expect(esc50.GetByTestId("class-bars")).Not.ToContainTextAsync("washing machine");
        await Expect(esc50.GetByTestId("untested")).ToContainTextAsync("Not tested: washing machine. All its clips come from one source recording");
        await Expect(esc50.GetByTestId("group")).ToHaveCountAsync(2);
        await Expect(esc50.GetByTestId("group").First).ToContainTextAsync("ESC-10 classes");
        await Expect(esc50.GetByTestId("group").First).ToContainTextAsync(" / 400");
        await Expect(esc50.GetByTestId("group").Last).ToContainTextAsync("other 39 classes");
        await Expect(esc50.GetByTestId("group").Last).ToContainTextAsync(" / 1560");
        await Expect(esc10.GetByTestId("untested")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=model-eval][data-model=scratch]").GetByTestId("not-evaluated"))
            .ToContainTextAsync("not evaluated");
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "models"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ClassifyPage_PickerDefaultsToTheDefaultModel_SendsTheChosenOne_AndShowsItsAccuracy()
    {
        var page = await fixture.OpenAsync("/");
        var picker = page.GetByTestId("model-picker");
        await Expect(picker).ToHaveValueAsync("esc50");
        await Expect(page.GetByTestId("picker-headline")).ToContainTextAsync("83.8 % ± ");

        await picker.SelectOptionAsync("esc10");
        await Expect(page.GetByTestId("picker-headline")).ToHaveTextAsync("90.0 % ± 2.0 % accuracy (5-fold cross-validation)");
        var before = fixture.Api.ModelRequests.Count;
        await page.GetByTestId("file-input").SetInputFilesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));

        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 20_000 });
        Assert.Equal("esc10", fixture.Api.ModelRequests.Skip(before).Single());
        var trust = page.GetByTestId("model-trust");
        await Expect(trust).ToContainTextAsync("Answered by esc10");
        await Expect(trust).ToContainTextAsync("90.0 % ± 2.0 % accuracy (5-fold cross-validation)");
        var labels = await page.GetByTestId("top3").Locator(".label").AllTextContentsAsync();
        Assert.All(labels, l => Assert.Contains(l.Replace(' ', '_'), StandInModels.Esc10Labels));

        // Next to the answer: how often esc10's answers of that class were right in its report (the confusion
        // matrix's column for it, not its row).
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(TestPaths.Fixture("models", "esc10-evaluation.json")));
        var reportLabels = report.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
        var column = reportLabels.IndexOf(labels[0].Replace(' ', '_'));
        var rows = report.RootElement.GetProperty("confusion").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
        var answered = rows.Sum(r => r[column]);
        var right = rows[column][column];
        var record = page.GetByTestId("answer-record");
        await Expect(record).ToHaveTextAsync(
            $"When esc10 answered “{labels[0]}” in its evaluation's test folds, it was right {right} of {answered} times " +
            $"({(100.0 * right / answered).ToString("0.0", CultureInfo.InvariantCulture)} %).");
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "classify-esc10"));

        // A model without a report is said to be not evaluated.
        await Expect(picker).ToBeEnabledAsync();
        await picker.SelectOptionAsync("scratch");
        await Expect(page.GetByTestId("picker-headline")).ToHaveTextAsync("not evaluated");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BatchesPage_PickerSendsTheChosenModelWithTheBatch()
    {
        var page = await fixture.OpenAsync("/batches");
        var picker = page.GetByTestId("model-picker");
        await Expect(picker).ToHaveValueAsync("esc50");
        await picker.SelectOptionAsync("esc10");
        await page.GetByTestId("batch-files").SetInputFilesAsync([TestPaths.Esc50Clip("4-182395-A-0.wav")]);
        var before = fixture.Api.BatchModelRequests.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "Classify them" }).ClickAsync();

        await Expect(page.GetByTestId("batch-progress")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 30_000 });
        Assert.Equal("esc10", fixture.Api.BatchModelRequests.Skip(before).Single());
        await page.Context.CloseAsync();
    }
}
