using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MelMage.Tests.Web;

/// <summary>The Batches page in Chromium against MelMage.Web and the stand-in API.</summary>
[Collection(WebPageCollection.Name)]
public sealed class BatchesPageTests(WebPageFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task TwentyFiles_ProgressReachesHundredPercent_TableSorts_CsvDownloads_RowOpensExplanation()
    {
        var clips = Directory.GetFiles(Path.Combine(TestPaths.Esc50Dev, "audio"), "*.wav").Order().Take(20).ToArray();
        Assert.Equal(20, clips.Length);
        var page = await fixture.OpenAsync("/batches");
        await page.GetByTestId("batch-files").SetInputFilesAsync(clips);
        await Expect(page.GetByTestId("batch-count")).ToContainTextAsync("20 files chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Classify them" }).ClickAsync();

        // The bar moves through intermediate values before it is full.
        var progress = page.GetByTestId("batch-progress");
        await page.WaitForFunctionAsync(
            "() => { const v = Number(document.querySelector('[data-testid=batch-progress]')?.getAttribute('aria-valuenow')); return v > 0 && v < 100; }",
            null, new() { Timeout = 20_000, PollingInterval = 50 });
        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("batch-table").Locator("tbody tr")).ToHaveCountAsync(20);
        Assert.Matches("^/batches/[0-9a-f-]{36}$", new Uri(page.Url).AbsolutePath);

        // The table starts sorted by file; a click on the header reverses it.
        var cells = page.GetByTestId("batch-table").Locator("tbody tr td:first-child");
        var ascending = await cells.AllTextContentsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "File" }).ClickAsync();
        Assert.Equal(ascending.Reverse(), await cells.AllTextContentsAsync());
        Assert.Equal(clips.Select(Path.GetFileName).Order(StringComparer.Ordinal), ascending.Order(StringComparer.Ordinal));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv").ClickAsync());
        var csvPath = Path.Combine(WebTestPaths.Artifacts, "batch.csv");
        await download.SaveAsAsync(csvPath);
        var lines = await File.ReadAllLinesAsync(csvPath);
        Assert.Equal(21, lines.Length);
        Assert.StartsWith("melmage-batch-", download.SuggestedFilename);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "batches-done"));

        await page.GetByTestId("batch-table").Locator("tbody tr").First.ClickAsync();
        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("feature-maps").Locator("canvas")).ToHaveCountAsync(5);
        await Expect(page.GetByText("Playback is available for audio sent from this page.")).ToBeVisibleAsync();
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "batches-row-explanation"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BatchWithAMalformedFile_IsRefusedNamingTheFile()
    {
        var bad = Path.Combine(WebTestPaths.Artifacts, "broken-in-batch.wav");
        await File.WriteAllBytesAsync(bad, "RIFF\u0024\0\0\0WAVEfmt "u8.ToArray());
        var page = await fixture.OpenAsync("/batches");
        await page.GetByTestId("batch-files").SetInputFilesAsync([TestPaths.Esc50Clip("4-182395-A-0.wav"), bad]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Classify them" }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Some files are not valid WAV audio: 1 of 2 files were refused; nothing was stored.");
        await Expect(alert.Locator("li")).ToHaveTextAsync(["broken-in-batch.wav: It does not start with a RIFF/WAVE header."]);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "batches-refused"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Folder_KeepsItsAudioAndItsPaths_AndSkipsOtherFiles()
    {
        var folder = Path.Combine(WebTestPaths.Artifacts, "folder-batch");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(Path.Combine(folder, "night"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "a-tone.wav"), TestAudio.ToneWav(1));
        await File.WriteAllBytesAsync(Path.Combine(folder, "night", "b-tone.wav"), TestAudio.ToneWav(1, 880));
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not audio");
        var page = await fixture.OpenAsync("/batches");
        await page.GetByTestId("batch-folder").SetInputFilesAsync(folder);
        await Expect(page.GetByTestId("batch-count")).ToContainTextAsync("2 files chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Classify them" }).ClickAsync();
        await Expect(page.GetByTestId("batch-table").Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("batch-table")).ToContainTextAsync("folder-batch/night/b-tone.wav");
        await page.Context.CloseAsync();
    }
}
