namespace MelMage.AppHost.Dashboard;

/// <summary>The dashboard's single page (HTML, CSS and script in one embedded file; no npm).</summary>
public static class DashboardPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("MelMage.AppHost.Dashboard.dashboard.html")
                           ?? throw new InvalidOperationException("dashboard.html is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
