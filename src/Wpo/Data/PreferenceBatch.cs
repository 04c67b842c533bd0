namespace Wpo.Data;

/// <summary>
/// A padded batch of B pairs as the model takes it (TRL's concatenated batch): rows 0..B−1 are the chosen sequences,
/// rows B..2B−1 the rejected ones in the same pair order, right-padded to the longest of all 2B. Arrays are
/// row-major <c>[2B, T]</c> int64; padding has id <c>padId</c>, label −100 and attention mask 0.
/// </summary>
public sealed class PreferenceBatch
{
    PreferenceBatch(int pairCount, int length, long[] inputIds, long[] labels, long[] attentionMask, IReadOnlyList<RowOrigin> origins, int realTokens)
    {
        PairCount = pairCount;
        Length = length;
        InputIds = inputIds;
        Labels = labels;
        AttentionMask = attentionMask;
        Origins = origins;
        RealTokens = realTokens;
    }

    /// <summary>B: the number of pairs (the batch has 2B rows).</summary>
    public int PairCount { get; }

    /// <summary>T: the padded sequence length.</summary>
    public int Length { get; }

    /// <summary><c>[2B, T]</c> token ids.</summary>
    public long[] InputIds { get; }

    /// <summary><c>[2B, T]</c> labels: the ids with prompt and padding positions set to −100.</summary>
    public long[] Labels { get; }

    /// <summary><c>[2B, T]</c>: 1 for tokens, 0 for padding.</summary>
    public long[] AttentionMask { get; }

    /// <summary>The dataset row of each pair, in batch order.</summary>
    public IReadOnlyList<RowOrigin> Origins { get; }

    public int RealTokens { get; }

    public long[] Shape => [2L * PairCount, Length];

    /// <summary>Tokens over all positions: 1 means no padding at all.</summary>
    public double PaddingEfficiency => (double)RealTokens / (2L * PairCount * Length);

    public static PreferenceBatch Collate(IReadOnlyList<TokenizedPair> pairs, long padId)
    {
        if (pairs.Count == 0) throw new ArgumentException("a batch needs at least one pair", nameof(pairs));
        int batch = pairs.Count;
        int length = pairs.Max(pair => pair.MaxSequenceLength);
        var ids = new long[2 * batch * length];
        var labels = new long[ids.Length];
        var mask = new long[ids.Length];
        Array.Fill(ids, padId);
        Array.Fill(labels, TokenizedPair.IgnoredLabel);
        int real = 0;
        for (int i = 0; i < batch; i++)
        {
            real += Fill(pairs[i].ChosenIds, pairs[i].ChosenPromptLength, i * length, ids, labels, mask);
            real += Fill(pairs[i].RejectedIds, pairs[i].RejectedPromptLength, (batch + i) * length, ids, labels, mask);
        }
        return new PreferenceBatch(batch, length, ids, labels, mask, pairs.Select(pair => pair.Origin).ToList(), real);
    }

    static int Fill(int[] sequence, int promptLength, int offset, long[] ids, long[] labels, long[] mask)
    {
        for (int t = 0; t < sequence.Length; t++)
        {
            ids[offset + t] = sequence[t];
            labels[offset + t] = t < promptLength ? TokenizedPair.IgnoredLabel : sequence[t];
            mask[offset + t] = 1;
        }
        return sequence.Length;
    }
}
