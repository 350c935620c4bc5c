using Microsoft.Playwright;

namespace MelMage.Tests.Web;

/// <summary>Checks on what the page drew.</summary>
public static class PageAssertions
{
    /// <summary>True when a canvas has pixels that are not all the same (something was drawn on it).</summary>
    public static Task<bool> HasDrawingAsync(ILocator canvas) => canvas.EvaluateAsync<bool>(
        @"c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 4; i < d.length; i += 4) {
                if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) return true;
            }
            return false;
        }");

    /// <summary>The page's own measure (performance.measure "melmage:answer-drawn"): from requesting the visualization
    /// to every canvas drawn and painted.</summary>
    public static Task<double> AnswerDrawnMillisecondsAsync(IPage page) => page.EvaluateAsync<double>(
        @"async () => {
            for (let i = 0; i < 100; i++) {
                const m = performance.getEntriesByName('melmage:answer-drawn');
                if (m.length) return m[m.length - 1].duration;
                await new Promise(r => setTimeout(r, 20));
            }
            return -1;
        }");

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(WebTestPaths.Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
