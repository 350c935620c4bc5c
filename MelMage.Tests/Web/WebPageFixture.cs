using Microsoft.Playwright;

namespace MelMage.Tests.Web;

/// <summary>One stand-in API, one MelMage.Web process proxying to it, and one Chromium for the page tests.</summary>
public sealed class WebPageFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public StandInApi Api { get; private set; } = null!;

    public WebHostProcess Web { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await StandInApi.StartAsync();
        Web = await WebHostProcess.StartAsync(Api.Address);
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    /// <summary>A fresh page (its own storage) at a path of the site, 1280 px wide like a laptop.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Web.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = ["microphone"],
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Web is not null) await Web.DisposeAsync();
        if (Api is not null) await Api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebPageCollection : ICollectionFixture<WebPageFixture>
{
    public const string Name = "Web page";
}
