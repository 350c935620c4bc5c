using System.IO.Compression;
using MelMage.Tests.AppHost;
using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MelMage.Tests.Web;

/// <summary>The page end to end against the real API, queue and worker: real clips from ../shared/data/esc50-dev, the
/// real model's answer and drawings, real problems for bad files, a real batch, and a recording from Chromium's fake
/// microphone playing a real clip.</summary>
[Collection(RunningSystemCollection.Name)]
public sealed class FullSystemPageTests(RunningSystem system, ITestOutputHelper output)
{
    private const string Clip = "4-182395-A-0.wav";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private async Task<(IPlaywright, IBrowser, IPage)> OpenAsync(string path, string? fakeAudioCapture = null)
    {
        var (playwright, browser) = await Chromium.LaunchAsync(fakeAudioCapture);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = system.WebAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await page.GotoAsync(path);
        return (playwright, browser, page);
    }

    [PipelineFact]
    public async Task RealClip_ShowsTopThreeSpectrogramFeatureMapsAndHeatmaps()
    {
        var (playwright, browser, page) = await OpenAsync("/");
        using var _ = playwright;
        await using var __ = browser;
        await page.GetByTestId("file-input").SetInputFilesAsync(TestPaths.Esc50Clip(Clip));
        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(page.GetByTestId("top3").Locator("li")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("feature-maps").Locator("canvas")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        Assert.True(await PageAssertions.HasDrawingAsync(page.GetByTestId("spectrogram").Locator("canvas")));
        Assert.True(await PageAssertions.HasDrawingAsync(page.GetByTestId("heatmap").Locator("canvas")));
        await Expect(page.GetByRole(AriaRole.Tab)).ToHaveCountAsync(4);
        var drawnMs = await PageAssertions.AnswerDrawnMillisecondsAsync(page);
        // A number to read, not a pass mark: speed lives in benchmarks (a loaded machine takes longer).
        output.WriteLine($"visualization fetched from the API, decoded, drawn and painted in {drawnMs:F0} ms");
        Assert.True(drawnMs > 0);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-classify"));
    }

    [PipelineFact]
    public async Task Mp3OggAndSilence_AreSentAsTheyAre_AndAnswered()
    {
        // Real compressed files, made by ffmpeg from a dev clip; the page sends them unchanged and the server decodes.
        var mp3 = Path.Combine(WebTestPaths.Artifacts, "e2e-clip.mp3");
        var ogg = Path.Combine(WebTestPaths.Artifacts, "e2e-clip.ogg");
        var silence = Path.Combine(WebTestPaths.Artifacts, "e2e-silence.wav");
        await File.WriteAllBytesAsync(mp3, MelMage.Tests.Audio.Support.Ffmpeg.Encode(Clip, "mp3", "-b:a", "128k"));
        await File.WriteAllBytesAsync(ogg, MelMage.Tests.Audio.Support.Ffmpeg.Encode(Clip, "ogg", "-c:a", "libvorbis"));
        await File.WriteAllBytesAsync(silence, MelMage.Audio.Wav.WavEncoder.Encode(new float[44100 + Random.Shared.Next(100)], 44100));
        var (playwright, browser, page) = await OpenAsync("/");
        using var _ = playwright;
        await using var __ = browser;

        foreach (var file in new[] { mp3, ogg })
        {
            await page.GetByTestId("file-input").SetInputFilesAsync(file);
            await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
            await Expect(page.GetByTestId("top3").Locator("li")).ToHaveCountAsync(3);
            // The job holds the original file (its name and format), not a WAV the browser made.
            // This browser's own history (the list of everyone's jobs is for operators).
            var stored = await page.EvaluateAsync<string>("""
                async () => (await (await fetch('/api/jobs/mine?limit=1',
                    { headers: { 'X-Client-Token': localStorage.getItem('melmage.clientToken') } })).json())[0].fileName
                """);
            Assert.Equal(Path.GetFileName(file), stored);
        }

        await page.GetByTestId("file-input").SetInputFilesAsync(silence);
        await Expect(page.GetByTestId("silent")).ToContainTextAsync("The recording is silent", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(page.GetByTestId("top3")).ToHaveCountAsync(0);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-silent"));
    }

    [PipelineFact]
    public async Task MalformedFile_ShowsTheDecodersReason()
    {
        // The header stops inside the fmt chunk: the decoder must refuse it (a short data chunk it would accept).
        var file = Path.Combine(WebTestPaths.Artifacts, "e2e-truncated.wav");
        await File.WriteAllBytesAsync(file, [.. TestAudio.ToneWav(1).Take(16)]);
        var (playwright, browser, page) = await OpenAsync("/");
        using var _ = playwright;
        await using var __ = browser;
        await page.GetByTestId("file-input").SetInputFilesAsync(file);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The API's own title and the decoder's reason, not a bare status code.
        await Expect(alert).ToContainTextAsync("truncated");
        Assert.DoesNotContain("The server answered", await alert.TextContentAsync());
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-malformed"));
    }

    [PipelineFact]
    public async Task TwentyFileBatch_ReachesHundredPercent_AndTheCsvDownloads()
    {
        var clips = Directory.GetFiles(Path.Combine(TestPaths.Esc50Dev, "audio"), "*.wav").Order().Take(20).ToArray();
        var (playwright, browser, page) = await OpenAsync("/batches");
        using var _ = playwright;
        await using var __ = browser;
        await page.GetByTestId("batch-files").SetInputFilesAsync(clips);
        await page.GetByRole(AriaRole.Button, new() { Name = "Classify them" }).ClickAsync();
        await Expect(page.GetByTestId("batch-progress")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(page.GetByTestId("batch-table").Locator("tbody tr")).ToHaveCountAsync(20);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv").ClickAsync());
        var csv = Path.Combine(WebTestPaths.Artifacts, "e2e-batch.csv");
        await download.SaveAsAsync(csv);
        Assert.Equal(21, (await File.ReadAllLinesAsync(csv)).Length);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-batch"));
    }

    [PipelineFact]
    public async Task RecordingAClipThroughTheFakeMicrophone_IsClassified()
    {
        var (playwright, browser, page) = await OpenAsync("/", fakeAudioCapture: TestPaths.Esc50Clip(Clip));
        using var _ = playwright;
        await using var __ = browser;
        await page.Context.GrantPermissionsAsync(["microphone"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "● Record" }).ClickAsync();
        await Expect(page.GetByTestId("recording-time")).ToContainTextAsync("3.", new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "■ Stop and classify" }).ClickAsync();
        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(page.GetByTestId("top3").Locator("li")).ToHaveCountAsync(3);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-recording"));
    }

    [PipelineFact]
    public async Task History_ShowsTheLoadedModelAndTrainingRunsOrWhyThereAreNone()
    {
        var (playwright, browser, page) = await OpenAsync("/history");
        using var _ = playwright;
        await using var __ = browser;
        await Expect(page.GetByTestId("models").Locator("article")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var runs = page.GetByTestId("training-runs");
        // Training runs are an operator view: the page asks for the key the AppHost keeps in secrets.json.
        await Expect(runs.GetByTestId("operator-key-form")).ToBeVisibleAsync();
        await runs.GetByTestId("operator-key").FillAsync(system.OperatorKey);
        await runs.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(runs.Locator("canvas, .empty").First).ToBeVisibleAsync();
        await Expect(runs.GetByTestId("operator-key-form")).ToHaveCountAsync(0);
        await Expect(page.Locator(".error")).ToHaveCountAsync(0);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-history"));
    }

    [PipelineFact]
    public async Task ModelsView_ShowsTheShippedModelsWithTheirOwnReports()
    {
        // The repository's models/ as a fresh clone serves them: esc50 (default) and esc10, each with the report that
        // ships in its folder, read by the worker, registered in Postgres and served by the API.
        var (playwright, browser, page) = await OpenAsync("/models");
        using var _ = playwright;
        await using var __ = browser;
        await Expect(page.GetByTestId("model-eval")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        foreach (var (name, classes) in new[] { ("esc50", 50), ("esc10", 10) })
        {
            var view = page.Locator($"[data-testid=model-eval][data-model={name}]");
            await Expect(view.GetByTestId("protocol")).ToContainTextAsync("cross-validation");
            await Expect(view.GetByTestId("class-bars").Locator("li")).Not.ToHaveCountAsync(0);
            var canvas = view.GetByTestId("confusion").Locator("canvas");
            Assert.Equal(classes, await canvas.EvaluateAsync<int>("c => c.width"));
            Assert.True(await PageAssertions.HasDrawingAsync(canvas));
        }
        await Expect(page.Locator("[data-testid=model-eval][data-model=esc10]").GetByTestId("protocol")).ToContainTextAsync("ESC-10 (400 clips)");
        // The shipped esc50's report, through the worker's registry, Postgres and the API: its untested class is named.
        await Expect(page.Locator("[data-testid=model-eval][data-model=esc50]").GetByTestId("untested"))
            .ToContainTextAsync("Not tested: washing machine.");
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-models"));
    }

    [PipelineFact]
    public async Task ZipOfClips_IsClassifiedAsOneBatch()
    {
        var zip = Path.Combine(WebTestPaths.Artifacts, "e2e-clips.zip");
        File.Delete(zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var clip in Directory.GetFiles(Path.Combine(TestPaths.Esc50Dev, "audio"), "*.wav").Order().Skip(20).Take(5))
            {
                archive.CreateEntryFromFile(clip, "clips/" + Path.GetFileName(clip));
            }
        }
        var (playwright, browser, page) = await OpenAsync("/batches");
        using var _ = playwright;
        await using var __ = browser;
        await page.GetByTestId("batch-files").SetInputFilesAsync(zip);
        await page.GetByRole(AriaRole.Button, new() { Name = "Classify them" }).ClickAsync();
        await Expect(page.GetByTestId("batch-progress")).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Expect(page.GetByTestId("batch-table").Locator("tbody tr")).ToHaveCountAsync(5);
        output.WriteLine(await PageAssertions.ScreenshotAsync(page, "e2e-zip-batch"));
    }
}
