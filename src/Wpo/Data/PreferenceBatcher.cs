namespace Wpo.Data;

/// <summary>
/// Splits a split's pairs into batches for one epoch, deterministically for a seed and epoch: a seeded shuffle
/// (or the stored order), optionally grouped by length as Hugging Face's <c>LengthGroupedSampler</c> does —
/// mega-batches of 50 batches each sorted longest first — so pairs of similar length share a batch and less
/// padding is computed.
/// </summary>
public sealed class PreferenceBatcher(IReadOnlyList<TokenizedPair> pairs, int batchSize, int seed, bool shuffle = true, bool groupByLength = false, bool dropLast = false)
{
    const int MegaBatchFactor = 50;

    public IReadOnlyList<TokenizedPair> Pairs { get; } = pairs;

    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");

    /// <summary>The pair indices of each batch of <paramref name="epoch"/>.</summary>
    public IReadOnlyList<int[]> BatchIndices(int epoch)
    {
        int[] order = shuffle ? SeededShuffle.Permutation(Pairs.Count, unchecked(seed * 1_000_003 + epoch)) : Enumerable.Range(0, Pairs.Count).ToArray();
        if (groupByLength) order = GroupByLength(order);
        var batches = order.Chunk(BatchSize).ToList();
        if (dropLast && batches.Count > 0 && batches[^1].Length < BatchSize) batches.RemoveAt(batches.Count - 1);
        return batches;
    }

    public IEnumerable<PreferenceBatch> Batches(int epoch, long padId) =>
        BatchIndices(epoch).Select(indices => PreferenceBatch.Collate(indices.Select(i => Pairs[i]).ToList(), padId));

    /// <summary>Real tokens over padded positions across the epoch's batches (1 = no padding).</summary>
    public double PaddingEfficiency(int epoch)
    {
        long real = 0, total = 0;
        foreach (int[] batch in BatchIndices(epoch))
        {
            int length = batch.Max(i => Pairs[i].MaxSequenceLength);
            real += batch.Sum(i => (long)Pairs[i].ChosenIds.Length + Pairs[i].RejectedIds.Length);
            total += 2L * batch.Length * length;
        }
        return total == 0 ? 1 : (double)real / total;
    }

    int[] GroupByLength(int[] order) =>
        order.Chunk(MegaBatchFactor * BatchSize)
            .SelectMany(mega => mega.OrderByDescending(i => Pairs[i].MaxSequenceLength).ThenBy(i => i))
            .ToArray();
}
