using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// Per row, Σ over every position (prompt and padding included) and over the vocabulary of the final logits: what
/// the reference trainer's <c>logits/chosen|rejected</c> average (<c>all_logits[:B].mean()</c>). Without soft-capping
/// the logits are linear in the hidden states, Σ_v z_t,v = h_t·Σ_v W_v, so the sums cost one pass over the head weight
/// and no logits at all. Gemma 2's soft-cap is not linear: there the logits are recomputed in chunks of positions,
/// without gradients, in the chunked head's buffers.
/// </summary>
internal static class RowLogitSums
{
    /// <summary>Rows summed at a time when a 16-bit matrix is reduced in the compute dtype (a float32 copy of a whole
    /// Llama-3 head would be 2 GB).</summary>
    const long SliceRows = 1024;

    /// <returns>[rows] float64, detached.</returns>
    /// <param name="hidden">[rows, seq, H] final hidden states.</param>
    /// <param name="weight">[V, H] LM head.</param>
    /// <param name="options">Soft-cap and chunk size.</param>
    public static Tensor Compute(Tensor hidden, Tensor weight, ScoreOptions options)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var computeType = TokenScores.ComputeType(hidden.dtype);
        var sums = options.LogitSoftcap is double cap
            ? CappedPositionSums(hidden.reshape(-1, hidden.shape[2]), weight, cap, options.ChunkSize).reshape(hidden.shape[0], -1).sum(1, type: ScalarType.Float64)
            : stack(Enumerable.Range(0, (int)hidden.shape[0]).Select(row => SumOfRows(hidden[row], computeType)))
                .matmul(SumOfRows(weight, computeType)).to(ScalarType.Float64);
        return sums.MoveToOuterDisposeScope();
    }

    /// <summary>Σ_i <paramref name="matrix"/>[i] [H] in <paramref name="computeType"/>, converting a slice at a time.</summary>
    static Tensor SumOfRows(Tensor matrix, ScalarType computeType)
    {
        var sum = zeros(matrix.shape[1], computeType, matrix.device);
        foreach (var (start, count) in ChunkBuffers.Ranges(matrix.shape[0], SliceRows))
        {
            using var slice = matrix.narrow(0, start, count).to(computeType);
            using var partial = slice.sum(dim: 0);
            sum.add_(partial);
        }
        return sum;
    }

    /// <summary>[positions]: Σ_v c·tanh(z_v/c) for each row of <paramref name="hidden"/> [positions, H].</summary>
    static Tensor CappedPositionSums(Tensor hidden, Tensor weight, double cap, int chunkSize)
    {
        long positions = hidden.shape[0];
        var sums = empty(positions, TokenScores.ComputeType(hidden.dtype), hidden.device);
        var buffers = ChunkBuffers.Create(positions, weight.shape[0], chunkSize, hidden.dtype, hidden.device);
        foreach (var (start, count) in ChunkBuffers.Ranges(positions, chunkSize))
        {
            buffers.RawRows(count).addmm_(hidden.narrow(0, start, count), weight.t(), beta: 0, alpha: 1);
            foreach (var (offset, raw, work) in buffers.Blocks(count))
            {
                using var blockScope = NewDisposeScope();
                LogitChunk.FinalLogits(raw, work, cap);
                sums.narrow(0, start + offset, raw.shape[0]).copy_(work.sum(1));
            }
        }
        return sums;
    }
}
