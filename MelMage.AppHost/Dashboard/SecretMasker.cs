using System.Text.RegularExpressions;

namespace MelMage.AppHost.Dashboard;

/// <summary>Hides secrets in environment values shown by the dashboard: whole values of secret-looking variables,
/// and the password part of connection strings and URLs.</summary>
public static partial class SecretMasker
{
    public const string Mask = "••••••";

    public static string MaskValue(string name, string value)
    {
        if (SecretName().IsMatch(name)) return Mask;
        value = KeywordPassword().Replace(value, m => m.Groups[1].Value + Mask);
        return UrlPassword().Replace(value, m => m.Groups[1].Value + Mask + "@");
    }

    [GeneratedRegex("(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|COOKIE)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"((?:^|;)\s*(?:Password|Pwd)\s*=)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"(://[^:/@\s]+:)[^@\s]+@")]
    private static partial Regex UrlPassword();
}
