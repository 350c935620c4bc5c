namespace MelMage.AppHost.Hosting;

/// <summary>The Debian packages whose binaries the AppHost runs; checked before anything starts.</summary>
internal static class Prerequisites
{
    private static readonly (string Package, Func<bool> Present, string What)[] Checks =
    [
        ("postgresql", () => Directory.Exists("/usr/lib/postgresql")
            && Directory.GetDirectories("/usr/lib/postgresql").Any(d => File.Exists(Path.Combine(d, "bin", "postgres"))),
            "/usr/lib/postgresql/*/bin/postgres"),
        ("redis-server", () => File.Exists("/usr/bin/redis-server"), "/usr/bin/redis-server"),
        ("rabbitmq-server", () => File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server") && File.Exists("/usr/bin/epmd"),
            "/usr/lib/rabbitmq/bin/rabbitmq-server"),
    ];

    /// <summary>One message naming every missing package, or null when all are there.</summary>
    public static string? Missing()
    {
        var missing = Checks.Where(c => !c.Present()).ToList();
        if (missing.Count == 0) return null;
        return $"MelMage.AppHost cannot start: {string.Join(", ", missing.Select(m => m.What))} not found. "
               + $"Install with: sudo apt-get install {string.Join(' ', missing.Select(m => m.Package))} "
               + "(or run ./eng/install-prerequisites.sh).";
    }
}
