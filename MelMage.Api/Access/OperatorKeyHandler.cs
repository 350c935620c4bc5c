using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using MelMage.Api.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Access;

/// <summary>Authenticates operators by the key configured as <c>Api:OperatorKey</c> (an Aspire secret parameter under
/// the AppHost), sent as <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>. Users send no key and stay
/// anonymous. With no key configured nobody is an operator: the operator endpoints refuse everyone.</summary>
internal sealed class OperatorKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string NotConfigured = "not-configured";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());
        var configured = api.CurrentValue.OperatorKey;
        if (string.IsNullOrEmpty(configured)) return Task.FromResult(AuthenticateResult.Fail(NotConfigured));
        // Compared as hashes so the comparison takes the same time whatever the lengths and contents.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
                SHA256.HashData(Encoding.UTF8.GetBytes(configured))))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong-key"));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, OperatorAccess.Role)],
            OperatorAccess.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorAccess.Scheme)));
    }

    /// <summary>No key: 401 saying how to send one. A key that is not the operator key (or a server with no key
    /// configured): 403.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is not null)
        {
            await HandleForbiddenAsync(properties);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"MelMage operator\"";
        await WriteAsync(StatusCodes.Status401Unauthorized, "An operator key is required",
            "This is an operator endpoint. Send the operator key as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'; "
            + "the AppHost keeps it in secrets.json in its state folder (see docs/operations.md).");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync(StatusCodes.Status403Forbidden, "The operator key was not accepted",
            result.Failure?.Message == NotConfigured
                ? "This server has no operator key configured (Api:OperatorKey), so operator endpoints are closed."
                : "The key sent is not this server's operator key. Check the key (secrets.json in the AppHost's state folder).");
    }

    private Task WriteAsync(int status, string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = Context,
        ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
    }).AsTask();

    internal static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[OperatorAccess.ApiKeyHeader].ToString();
        if (header.Length > 0) return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }
}
