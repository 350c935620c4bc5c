namespace MelMage.Worker.Gpu.Analysis;

/// <summary>A model this worker serves: its name (what requests say), its folder (null for the untrained network) and
/// whether requests naming no model get it.</summary>
public sealed record InstalledModel(string Name, string? Directory, bool IsDefault);
