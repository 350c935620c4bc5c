using System.Collections.Concurrent;

namespace MelMage.Audio.Resampling;

/// <summary>Filter banks by reduced ratio: designing one costs far more than using it, and a service sees few ratios.</summary>
internal static class FilterBankCache
{
    // A bound, so that a stream of odd rates cannot grow the cache without limit.
    private const int MaxEntries = 32;

    private static readonly ConcurrentDictionary<(int Up, int Down), PolyphaseFilterBank> Banks = new();

    public static PolyphaseFilterBank Get(int up, int down)
    {
        if (Banks.TryGetValue((up, down), out var bank)) return bank;
        if (Banks.Count >= MaxEntries) Banks.Clear();
        // Two threads may design the same bank at once; both results are equal and one wins, which is harmless.
        return Banks.GetOrAdd((up, down), key => PolyphaseFilterBank.Design(key.Up, key.Down));
    }
}
