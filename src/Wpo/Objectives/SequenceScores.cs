using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// Per-row scores of the labelled tokens, from final hidden states through the LM head. Row-level values are
/// float64 (cheap at this size, and reward margins are differences of nearly equal sums).
/// </summary>
/// <param name="SummedLogps">[rows] float64: Σ_t log πθ(y_t); differentiable.</param>
/// <param name="MeanLogps">[rows] float64: SummedLogps / TokenCounts; differentiable.</param>
/// <param name="AlignedMeanLogps">[rows] float64, detached: (1/n)·Σ_t [log πθ(y_t) − log D_t] (paper Eq. 2).</param>
/// <param name="TokenCounts">[rows] int64: labelled tokens per row (n), all positive.</param>
/// <param name="LogitSums">[rows] float64, detached: Σ over every position of the row (prompt and padding included)
/// and over the vocabulary of the final logits, as the reference trainer's <c>logits/*</c> metrics average them.</param>
/// <param name="LogitsPerRow">seq·V, so that LogitSums / LogitsPerRow is a row's mean logit.</param>
public sealed record SequenceScores(
    Tensor SummedLogps, Tensor MeanLogps, Tensor AlignedMeanLogps, Tensor TokenCounts, Tensor LogitSums, long LogitsPerRow)
{
    public long Rows => SummedLogps.shape[0];

    /// <summary>
    /// Scores each row of a batch. Labels are aligned with the input ids (−100 = ignored): the hidden state at
    /// position t predicts label t + 1, so only positions whose next label is set are computed.
    /// </summary>
    /// <param name="hidden">[rows, seq, H] final hidden states (after the final norm): bfloat16, float16, float32 or float64.</param>
    /// <param name="lmHeadWeight">[V, H], same dtype and device as <paramref name="hidden"/>.</param>
    /// <param name="labels">[rows, seq] int64.</param>
    /// <param name="options">Alignment, chunked or plain path, chunk size, soft-cap; defaults when null.</param>
    public static SequenceScores Compute(Tensor hidden, Tensor lmHeadWeight, Tensor labels, ScoreOptions? options = null)
    {
        options ??= new ScoreOptions();
        ScoreInputs.Validate(hidden, lmHeadWeight, labels, options);
        using var scope = NewDisposeScope();
        long rows = hidden.shape[0];
        var positions = LabelledPositions.Find(labels, lmHeadWeight.shape[0]);
        var (tokens, logitSums) = options.Chunked
            ? ScoreChunked(hidden, lmHeadWeight, positions, options)
            : PlainLmHead.Score(hidden, lmHeadWeight, labels, positions, options);

        var counts = positions.TokenCounts.to(ScalarType.Float64);
        Tensor PerRow(Tensor perToken) =>
            zeros(rows, ScalarType.Float64, hidden.device).index_add(0, positions.Rows, perToken.to(ScalarType.Float64), 1);
        var summed = PerRow(tokens.Logps);
        var aligned = (summed.detach() - PerRow(tokens.LogAlignmentDenominators)) / counts;
        var scores = new SequenceScores(summed, summed / counts, aligned, positions.TokenCounts, logitSums, hidden.shape[1] * lmHeadWeight.shape[0]);
        scope.MoveToOuter(scores.SummedLogps, scores.MeanLogps, scores.AlignedMeanLogps, scores.TokenCounts, scores.LogitSums);
        return scores;
    }

    static (TokenScores Tokens, Tensor RowLogitSums) ScoreChunked(Tensor hidden, Tensor lmHeadWeight, LabelledPositions positions, ScoreOptions options)
    {
        // The row sums first: with a soft-cap they borrow chunk buffers, which must not coexist with the buffer the
        // chunked head keeps for backward.
        var logitSums = RowLogitSums.Compute(hidden, lmHeadWeight, options);
        var predicting = hidden.reshape(-1, hidden.shape[2]).index_select(0, positions.HiddenIndex);
        return (ChunkedLmHead.Score(predicting, lmHeadWeight, positions.Labels, options), logitSums);
    }
}
