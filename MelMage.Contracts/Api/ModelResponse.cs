using System.Text.Json;

namespace MelMage.Contracts.Api;

/// <summary><c>GET /api/models</c>: an installed model, its labels, its card and how well it did in evaluation.</summary>
/// <param name="Name">What a request names it by (<c>model=esc10</c>): its folder in the models directory.</param>
/// <param name="Version">The version answers carry (and the cache and stored predictions are keyed by).</param>
/// <param name="IsDefault">Whether requests that name no model get this one.</param>
/// <param name="Labels">Its classes, in output order.</param>
/// <param name="Card">Its <c>model.json</c> (architecture, front end, training recipe).</param>
/// <param name="CardMarkdown">Its model card (<c>README.md</c>), when it ships one.</param>
/// <param name="Evaluation">The headline of its evaluation report, or null when it was not evaluated.</param>
/// <param name="EvaluationUrl">Where the whole report is (<c>GET /api/models/{name}/evaluation</c>); null without one.</param>
/// <param name="RegisteredAt">When a worker first installed this version.</param>
/// <param name="LastSeenAt">When a worker last started with it.</param>
public sealed record ModelResponse(
    string Name,
    string Version,
    bool IsDefault,
    IReadOnlyList<string> Labels,
    JsonElement? Card,
    string? CardMarkdown,
    EvaluationSummary? Evaluation,
    string? EvaluationUrl,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastSeenAt);

/// <summary>The headline numbers of an evaluation report; <paramref name="FoldsPlanned"/> is set while a
/// cross-validation has only some of its folds finished (<paramref name="Folds"/> of them).</summary>
public sealed record EvaluationSummary(string Protocol, double Mean, double Sd, double? BalancedAccuracy, int Folds, int? FoldsPlanned = null);
