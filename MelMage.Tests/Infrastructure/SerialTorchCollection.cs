namespace MelMage.Tests.Infrastructure;

/// <summary>Tests that depend on process-wide state — torch's global random generator (training determinism) or the
/// process's memory (leak checks) — run alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "Torch process state, measured alone";
}
