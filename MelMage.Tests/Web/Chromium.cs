using Microsoft.Playwright;

namespace MelMage.Tests.Web;

/// <summary>Debian's headless Chromium driven by Playwright (never a downloaded browser), with the fake camera and
/// microphone so that recording can be tested: the fake microphone plays a beep, or <paramref name="fakeAudioCapture"/>.</summary>
public static class Chromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(string? fakeAudioCapture = null)
    {
        var playwright = await Playwright.CreateAsync();
        List<string> args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
        ];
        if (fakeAudioCapture is not null) args.Add($"--use-file-for-fake-audio-capture={fakeAudioCapture}");
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = WebTestPaths.Chromium,
                Headless = true,
                Args = args,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
