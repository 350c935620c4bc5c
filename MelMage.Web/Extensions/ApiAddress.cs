namespace MelMage.Web.Extensions;

/// <summary>Finds MelMage.Api the way .NET Aspire injects service discovery: <c>services__api__http__0</c> (configuration
/// key <c>services:api:http:0</c>), else the https endpoint. There is no ServiceDiscovery.Yarp package in this
/// package source, so the address is read here once, at start.</summary>
public static class ApiAddress
{
    public const string ServiceName = "api";

    public static Uri Resolve(IConfiguration configuration)
    {
        foreach (var scheme in new[] { "http", "https" })
        {
            var value = configuration[$"services:{ServiceName}:{scheme}:0"];
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
            throw new InvalidOperationException(
                $"services:{ServiceName}:{scheme}:0 is '{value}', which is not an absolute http(s) address of MelMage.Api.");
        }
        throw new InvalidOperationException(
            "MelMage.Web does not know where MelMage.Api is. Set the environment variable services__api__http__0 "
            + "(for example services__api__http__0=http://127.0.0.1:5080), or start everything with "
            + "'dotnet run --project MelMage.AppHost', which sets it.");
    }
}
