namespace Wpo.Data;

/// <summary>
/// A permutation fixed by a seed: Fisher–Yates over <see cref="Random"/>, whose seeded sequence .NET keeps stable
/// across versions. (The seed's Python pipeline shuffles with NumPy's PCG64, so the orders differ from it.)
/// </summary>
public static class SeededShuffle
{
    public static int[] Permutation(int count, int seed)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        var random = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
