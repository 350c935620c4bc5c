namespace MelMage.Model.Training;

/// <summary>The order in which one epoch visits the training clips. By default every clip once, shuffled. With a class
/// balance q in (0, 1] the epoch keeps its length but each class gets a share proportional to n^(1−q) of its n clips:
/// q = 1 shows every class equally often (thin classes repeated, big ones subsampled), q = 0.5 is square-root sampling,
/// a middle way that lifts the 6–8-clip classes of the dev set without starving ESC-10's 40-clip ones. Within a class
/// the clips are dealt from a shuffled copy, cycling, so no clip is shown twice before all of its class have been shown
/// once.</summary>
public static class EpochSampler
{
    public static Esc50Clip[] Order(IReadOnlyList<Esc50Clip> train, double classBalance, Random random)
    {
        if (classBalance is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(classBalance), classBalance, "A class balance lies in [0, 1].");
        Esc50Clip[] order;
        if (classBalance == 0)
        {
            order = [.. train];
        }
        else
        {
            var classes = train.GroupBy(c => c.Target).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
            var counts = Shares(classes.Select(c => Math.Pow(c.Length, 1 - classBalance)).ToArray(), train.Count);
            order = new Esc50Clip[train.Count];
            var next = 0;
            for (var k = 0; k < classes.Length; k++)
            {
                var pool = classes[k];
                random.Shuffle(pool);
                for (var i = 0; i < counts[k]; i++) order[next++] = pool[i % pool.Length];
            }
        }
        random.Shuffle(order);
        return order;
    }

    /// <summary>Whole numbers proportional to <paramref name="weights"/> that add up to <paramref name="total"/>
    /// (largest remainders get the leftover units).</summary>
    public static int[] Shares(double[] weights, int total)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => w / sum * total).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var k in Enumerable.Range(0, weights.Length).OrderByDescending(k => exact[k] - counts[k]).ThenBy(k => k).Take(total - counts.Sum()))
            counts[k]++;
        return counts;
    }
}
