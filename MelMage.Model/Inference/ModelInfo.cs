namespace MelMage.Model.Inference;

/// <summary>What the loaded model is: its version, its classes and its card (model.json) as JSON.</summary>
public sealed record ModelInfo(string Version, IReadOnlyList<string> Labels, string? CardJson);
