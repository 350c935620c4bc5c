namespace MelMage.Tests.Infrastructure;

/// <summary>Locates the repository and the shared development data (../shared beside the checkout, or
/// MELMAGE_SHARED_DIR).</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SharedDirectory =>
        Environment.GetEnvironmentVariable("MELMAGE_SHARED_DIR") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string Esc50Dev => Path.Combine(SharedDirectory, "data", "esc50-dev");

    public static string Esc50Clip(string fileName) => Path.Combine(Esc50Dev, "audio", fileName);

    /// <summary>The configuration (Debug/Release) the tests were built in, which the projects they start share.</summary>
    public static string BuildConfiguration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>A project's built assembly, in the tests' configuration; a clear error when it was not built.</summary>
    public static string BuiltDll(string project, string fileName)
    {
        var dll = Path.Combine(RepositoryRoot, project, "bin", BuildConfiguration, "net10.0", fileName);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first.", dll);
    }

    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MelMage.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("MelMage.sln not found above " + AppContext.BaseDirectory);
    }
}
