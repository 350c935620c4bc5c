namespace MelMage.Model.Checkpoints;

/// <summary>A model directory cannot be used; the message lists every reason.</summary>
public sealed class ModelLoadException(string message) : Exception(message);
