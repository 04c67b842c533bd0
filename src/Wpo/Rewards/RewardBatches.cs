using static TorchSharp.torch;

namespace Wpo.Rewards;

/// <summary>
/// Scores many token sequences with a <see cref="RewardModel"/>: longest first in batches of similar length, each
/// padded on the right with the model's pad id and an attention mask (one at a time when the model has no pad id).
/// </summary>
public static class RewardBatches
{
    /// <summary>The first head value of each sequence, in the order given; <paramref name="done"/> hears how many are scored so far.</summary>
    public static double[] Score(RewardModel model, IReadOnlyList<int[]> sequences, int batchSize, Action<int>? done = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (model.PadTokenId is null) batchSize = 1;
        var scores = new double[sequences.Count];
        int[] order = [.. Enumerable.Range(0, sequences.Count).OrderByDescending(i => sequences[i].Length)];
        using var noGrad = no_grad();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int[] batch = order[start..Math.Min(order.Length, start + batchSize)];
            var (ids, mask) = Pad(batch.Select(i => sequences[i]).ToList(), model.PadTokenId ?? 0);
            var values = model.Score(ids.to(model.Device), mask.to(model.Device)).select(1, 0).to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int j = 0; j < batch.Length; j++) scores[batch[j]] = values[j];
            done?.Invoke(start + batch.Length);
        }
        return scores;
    }

    /// <summary>Rows padded on the right with <paramref name="padId"/> to the longest: ids [B, T] int64 and mask [B, T] (1 = token).</summary>
    static (Tensor Ids, Tensor Mask) Pad(IReadOnlyList<int[]> rows, long padId)
    {
        int length = rows.Max(row => row.Length);
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        Array.Fill(ids, padId);
        for (int r = 0; r < rows.Count; r++)
            for (int t = 0; t < rows[r].Length; t++)
            {
                ids[r * length + t] = rows[r][t];
                mask[r * length + t] = 1;
            }
        return (tensor(ids, [rows.Count, length]), tensor(mask, [rows.Count, length]));
    }
}
