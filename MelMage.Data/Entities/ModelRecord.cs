namespace MelMage.Data.Entities;

/// <summary>A model version a worker has installed (every worker registers each of its models at start), so that the
/// API knows which models may be asked for and history keeps which model answered.</summary>
public sealed class ModelRecord
{
    public required string Version { get; set; }
    /// <summary>What requests name it by: its folder in the worker's models directory.</summary>
    public required string Name { get; set; }
    /// <summary>Whether the worker that last registered it serves it when a request names no model.</summary>
    public bool IsDefault { get; set; }
    public required List<string> Labels { get; set; }
    /// <summary>The model's <c>model.json</c>, when it ships one.</summary>
    public string? CardJson { get; set; }
    /// <summary>The model card (<c>README.md</c>), when it ships one.</summary>
    public string? CardMarkdown { get; set; }
    /// <summary>The evaluation report (<c>evaluation.json</c>, the <c>ModelEvaluation</c> contract), when it ships one.</summary>
    public string? EvaluationJson { get; set; }
    /// <summary>When it was first installed.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
