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

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(WebTestPaths.Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
