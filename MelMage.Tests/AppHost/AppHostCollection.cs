namespace MelMage.Tests.AppHost;

/// <summary>AppHost tests run one at a time: each starts the whole system, which is heavy on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "AppHost";
}
