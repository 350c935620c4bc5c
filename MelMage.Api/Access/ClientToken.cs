using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MelMage.Api.Access;

/// <summary>The opaque token a browser makes up once and sends with every request (<c>X-Client-Token</c>): it is not a
/// login, only a way to tell one browser's history from another's. The API stores its SHA-256, never the token.</summary>
public static class ClientToken
{
    public const string Header = "X-Client-Token";
    public const int MinLength = 16;
    public const int MaxLength = 128;

    /// <summary>False when a token was sent but is not 16–128 visible ASCII characters; otherwise true, with the
    /// token's hash, or null when none was sent.</summary>
    public static bool TryHash(HttpRequest request, out string? hash)
    {
        hash = null;
        var token = request.Headers[Header].ToString();
        if (token.Length == 0) return true;
        if (token.Length is < MinLength or > MaxLength || token.Any(c => c is < '!' or > '~')) return false;
        hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        return true;
    }

    public static ProblemHttpResult Invalid() => TypedResults.Problem(
        detail: $"{Header} must be {MinLength}–{MaxLength} visible ASCII characters: a random string the browser makes up once and keeps.",
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid client token");
}
