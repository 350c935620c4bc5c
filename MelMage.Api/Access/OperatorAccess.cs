namespace MelMage.Api.Access;

/// <summary>Names of the operator credential: the authentication scheme, the authorization policy operator endpoints
/// require, and the headers that carry the key.</summary>
public static class OperatorAccess
{
    public const string Scheme = "OperatorKey";
    public const string Policy = "operator";
    public const string Role = "operator";

    /// <summary>Also accepted: <c>Authorization: Bearer KEY</c>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
