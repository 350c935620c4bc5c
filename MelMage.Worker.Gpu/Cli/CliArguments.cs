using System.Globalization;

namespace MelMage.Worker.Gpu.Cli;

/// <summary>Positional arguments plus <c>--name value</c> options and <c>--flag</c> switches.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    public CliArguments(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                Positional.Add(arg);
                continue;
            }
            var name = arg[2..];
            var eq = name.IndexOf('=');
            if (eq >= 0) options[name[..eq]] = name[(eq + 1)..];
            else if (flags.Contains(name)) options[name] = null;
            else options[name] = e.MoveNext() ? e.Current : throw new CliException($"--{name} needs a value.");
        }
    }

    public List<string> Positional { get; } = [];

    public bool Has(string name) => options.ContainsKey(name);

    public string? String(string name) => options.GetValueOrDefault(name);

    public int Int(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>Fails on options the command does not know, so a typo never passes silently.</summary>
    public void RejectUnknown(params string[] known)
    {
        var unknown = options.Keys.Except(known).ToList();
        if (unknown.Count > 0) throw new CliException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        if (!options.TryGetValue(name, out var value) || value is null) return fallback;
        try
        {
            return parse(value);
        }
        catch (FormatException)
        {
            throw new CliException($"--{name} expects a number, got '{value}'.");
        }
    }
}
