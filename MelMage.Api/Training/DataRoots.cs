using Microsoft.Extensions.Options;

namespace MelMage.Api.Training;

/// <summary>Decides whether a training run may read a folder: its canonical path (absolute, no <c>..</c>, every
/// symbolic link resolved) must be a configured data root or lie below one, itself compared canonically.</summary>
public sealed class DataRoots(IOptions<TrainingOptions> options)
{
    private const int MaxLinkDepth = 40;

    /// <summary>The canonical path of <paramref name="directory"/> when it is inside a data root; otherwise null,
    /// whatever the reason (outside, missing, a loop of links), so a refusal tells nothing about the path.</summary>
    public string? Resolve(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Path.IsPathFullyQualified(directory)) return null;
        var candidate = Canonical(directory, 0);
        if (candidate is null || !Directory.Exists(candidate)) return null;
        foreach (var configured in options.Value.DataRoots)
        {
            if (string.IsNullOrWhiteSpace(configured) || !Path.IsPathFullyQualified(configured)) continue;
            var root = Canonical(configured, 0);
            if (root is null) continue;
            if (candidate == root) return candidate;
            var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
            if (candidate.StartsWith(prefix, StringComparison.Ordinal)) return candidate;
        }
        return null;
    }

    /// <summary>The path with <c>.</c> and <c>..</c> removed and every symbolic link along it replaced by its target
    /// (like realpath(3)); null when a link cannot be followed.</summary>
    internal static string? Canonical(string path, int depth)
    {
        if (depth > MaxLinkDepth) return null;
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = new DirectoryInfo(next);
            if (!info.Exists && File.Exists(next)) info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                // A relative target is relative to the link's folder; the result may hold links of its own.
                var resolved = Canonical(Path.IsPathFullyQualified(target) ? target : Path.Combine(current, target), depth + 1);
                if (resolved is null) return null;
                next = resolved;
            }
            current = next;
        }
        return current;
    }
}
