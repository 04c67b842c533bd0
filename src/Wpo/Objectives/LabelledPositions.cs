using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The positions whose next token is labelled. Labels are aligned with the input ids, so the logits at position t
/// predict label t + 1 (the shift of the reference trainer's <c>get_batch_logps</c>); prompt and padding positions
/// (label −100) are left out. Positions are listed row by row, in order.
/// </summary>
/// <param name="HiddenIndex">[L] int64: index of the predicting position in hidden reshaped to [rows·seq, hidden].</param>
/// <param name="Labels">[L] int64: the token each of those positions must predict.</param>
/// <param name="Rows">[L] int64: the row of each position.</param>
/// <param name="TokenCounts">[rows] int64: labelled tokens per row, all positive.</param>
internal sealed record LabelledPositions(Tensor HiddenIndex, Tensor Labels, Tensor Rows, Tensor TokenCounts)
{
    public const long IgnoreIndex = -100;

    /// <summary>Finds the labelled positions of <paramref name="labels"/> [rows, seq] for a vocabulary of <paramref name="vocabularySize"/>.</summary>
    public static LabelledPositions Find(Tensor labels, long vocabularySize)
    {
        long rows = labels.shape[0], sequence = labels.shape[1];
        var next = labels.narrow(1, 1, sequence - 1);
        var labelled = next.ne(IgnoreIndex);
        var outOfRange = labelled.logical_and(next.lt(0).logical_or(next.ge(vocabularySize)));
        if (outOfRange.any().item<bool>())
        {
            var at = outOfRange.nonzero()[0];
            throw new WpoException(
                $"labels: row {at[0].item<long>()}, position {at[1].item<long>() + 1} holds {next[at[0], at[1]].item<long>()}, " +
                $"which is neither {IgnoreIndex} (ignored) nor a token id below the LM head's vocabulary size {vocabularySize}.");
        }

        var flat = labelled.reshape(-1).nonzero().squeeze(1);
        var positionRows = flat.div(sequence - 1, rounding_mode: RoundingMode.floor);
        var positionInRow = flat - positionRows * (sequence - 1);
        var hiddenIndex = positionRows * sequence + positionInRow;
        var counts = labelled.sum(1, type: ScalarType.Int64);
        var empty = counts.eq(0).nonzero();
        if (empty.shape[0] > 0)
            throw new WpoException(
                $"labels: row {empty[0, 0].item<long>()} has no labelled token after the one-position shift (all labels are {IgnoreIndex} " +
                "or only the first one is set), so its log-probability is undefined; drop the row or check max_length/max_prompt_length truncation.");
        return new LabelledPositions(hiddenIndex, labels.reshape(-1).index_select(0, hiddenIndex + 1), positionRows, counts);
    }
}
