using System.Text.RegularExpressions;
using MelMage.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MelMage.Tests.Web;

/// <summary>MelMage.Web's security headers over HTTP, the built page without inline script, and the page working in
/// Chromium under that policy (no violation reported) while it sends its client token with every API request.</summary>
[Collection(WebPageCollection.Name)]
public sealed partial class SecurityHeadersTests(WebPageFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Web.Address };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/history")]
    [InlineData("/api/models")]
    public async Task Response_CarriesTheSecurityHeaders(string path)
    {
        using var response = await _http.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task BuiltPage_HasNoInlineScript()
    {
        var html = await _http.GetStringAsync("/");

        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Matches("<script[^>]*\\ssrc=\"/app/assets/[^\"]+\\.js\"[^>]*></script>", tag));
        // No inline event handlers either (they are inline script to CSP).
        Assert.DoesNotMatch("\\son[a-z]+\\s*=", html);
    }

    [Fact]
    public async Task Page_UnderThePolicy_ClassifiesAndShowsHistory_WithoutViolations_SendingItsClientToken()
    {
        var page = await fixture.OpenAsync("about:blank");
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        await page.GotoAsync("/");
        await page.GetByTestId("file-input").SetInputFilesAsync(TestPaths.Esc50Clip("4-182395-A-0.wav"));
        await Expect(page.GetByTestId("job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "History & models" }).ClickAsync();
        await Expect(page.GetByTestId("recent-jobs").Locator("tbody tr")).ToHaveCountAsync(1);
        var token = await page.EvaluateAsync<string>("() => localStorage.getItem('melmage.clientToken')");
        await page.Context.CloseAsync();

        Assert.Empty(violations);
        Assert.Matches("^[0-9a-f]{48}$", token);
        var sent = fixture.Api.Requests.Where(r => r.ClientToken == token).Select(r => r.Path).ToList();
        Assert.Contains("/api/jobs", sent);
        Assert.Contains("/api/jobs/mine", sent);
        Assert.Contains(sent, p => p.EndsWith("/visualization", StringComparison.Ordinal));
    }

    [GeneratedRegex("<script[^>]*>.*?</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();
}
