using MelMage.Data;
using MelMage.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Api.Models;

/// <summary>The models the workers have registered, as requests may name them: the latest version of each name. A
/// request that names a model not installed is refused with a problem that lists the installed ones.</summary>
public sealed class InstalledModels(MelMageDbContext db)
{
    /// <summary>The query parameter (and form or JSON field) that names a model.</summary>
    public const string Parameter = "model";

    /// <summary>The latest registered version of each model name, the default first, then by name.</summary>
    public async Task<IReadOnlyList<ModelRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Models.AsNoTracking().Where(m => m.Name != "").ToListAsync(cancellationToken);
        var latest = rows.GroupBy(m => m.Name)
            .Select(g => g.OrderByDescending(m => m.LastSeenAt).First())
            .ToList();
        var defaultName = DefaultName(latest);
        return latest.OrderByDescending(m => m.Name == defaultName).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The model a request gets: the one it names, or the default one. Null name with no problem when no
    /// model is registered yet and none was named (the worker's own default then answers).</summary>
    public async Task<(string? Name, ProblemHttpResult? Problem)> ChooseAsync(string? requested, CancellationToken cancellationToken)
    {
        // Names and flags only: every upload asks, and cards and reports are not needed to answer.
        var rows = await db.Models.AsNoTracking().Where(m => m.Name != "")
            .Select(m => new { m.Name, m.IsDefault, m.LastSeenAt })
            .ToListAsync(cancellationToken);
        var names = rows.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(requested))
        {
            // The same rule as DefaultName, on the light rows.
            var latest = rows.GroupBy(m => m.Name).Select(g => g.MaxBy(m => m.LastSeenAt)!).ToList();
            return (latest.Where(m => m.IsDefault).MaxBy(m => m.LastSeenAt)?.Name ?? names.FirstOrDefault(), null);
        }
        var name = requested.Trim();
        if (names.Contains(name)) return (name, null);
        return (null, TypedResults.Problem(
            detail: names.Count == 0
                ? $"There is no model '{Shorten(name)}': no worker has installed a model yet."
                : $"There is no model '{Shorten(name)}'. Installed models: {string.Join(", ", names)}.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Unknown model",
            extensions: new Dictionary<string, object?> { ["installed"] = names }));
    }

    /// <summary>The most recently seen model registered as default; else the first by name.</summary>
    public static string? DefaultName(IReadOnlyList<ModelRecord> installed) =>
        installed.Where(m => m.IsDefault).OrderByDescending(m => m.LastSeenAt).FirstOrDefault()?.Name
        ?? installed.OrderBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault()?.Name;

    private static string Shorten(string name) => name.Length > 64 ? name[..64] + "…" : name;
}
