using System.Diagnostics;

namespace MelMage.Tests.Web;

/// <summary>Runs the page's Vitest suite (WAV encoder, mel axis, colour scales, polling, sorting, the visualization
/// decoder …), so that <c>dotnet test</c> covers the TypeScript too. The build has already run <c>npm ci</c>.</summary>
public sealed class ClientAppUnitTests
{
    [Fact]
    public async Task VitestSuite_RunsAndPasses()
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = WebTestPaths.ClientAppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("test");
        start.Environment["CI"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, $"npm test failed ({process.ExitCode}):\n{output}");
        // Vitest's summary reads "Tests  N passed (N)" only when nothing failed and tests really ran.
        Assert.Matches(@"Tests\s+\d+ passed \(\d+\)", output);
    }
}
