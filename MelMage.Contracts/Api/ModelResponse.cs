using System.Text.Json;

namespace MelMage.Contracts.Api;

/// <summary><c>GET /api/models</c>: a model a worker has loaded, its labels and its card.</summary>
public sealed record ModelResponse(string Version, IReadOnlyList<string> Labels, JsonElement? Card,
    DateTimeOffset RegisteredAt, DateTimeOffset LastSeenAt);
