namespace MelMage.Web.Extensions;

/// <summary>Where MelMage.Api is, as .NET Aspire tells it: service discovery's <c>services__api__http__0</c>
/// (configuration key <c>services:api:http:0</c>) or <c>services__api__https__0</c>. The proxy's destination is the
/// service name (<c>http://api</c>), which service discovery resolves; this checks at start that there is something
/// to resolve it to, so a misconfigured web refuses to start with the reason instead of answering 502s.</summary>
public static class ApiAddress
{
    public const string ServiceName = "api";

    /// <summary>The destination to give the proxy: <c>http://api</c>, or <c>https://api</c> when only an https
    /// endpoint is configured.</summary>
    public static string Destination(IConfiguration configuration)
    {
        foreach (var scheme in new[] { "http", "https" })
        {
            var value = configuration[$"services:{ServiceName}:{scheme}:0"];
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return $"{scheme}://{ServiceName}";
            throw new InvalidOperationException(
                $"services:{ServiceName}:{scheme}:0 is '{value}', which is not an absolute http(s) address of MelMage.Api.");
        }
        throw new InvalidOperationException(
            "MelMage.Web does not know where MelMage.Api is. Set the environment variable services__api__http__0 "
            + "(for example services__api__http__0=http://127.0.0.1:5080), or start everything with "
            + "'dotnet run --project MelMage.AppHost', which sets it.");
    }
}
