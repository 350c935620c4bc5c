using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Faults;

/// <summary>The fault tests stop and start servers, so they get servers of their own (a second
/// <see cref="PipelineFixture"/>), never the ones the other pipeline tests use; like those, they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "Faults on real servers";
}
