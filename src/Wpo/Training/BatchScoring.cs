using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>A model's per-row log-probabilities of a preference batch (chosen rows, then rejected rows).</summary>
public static class BatchScoring
{
    /// <summary>
    /// Final hidden states of the batch through the chunked LM head. No attention mask is passed: batches are
    /// right-padded, so under causal attention no real token sees a padding position, and padding is unlabelled.
    /// </summary>
    public static SequenceScores Score(CausalLM model, PreferenceBatch batch, ScoreOptions options)
    {
        using var inputIds = torch.tensor(batch.InputIds, batch.Shape, torch.int64, model.Device);
        using var labels = torch.tensor(batch.Labels, batch.Shape, torch.int64, model.Device);
        var hidden = model.Hidden(inputIds);
        return SequenceScores.Compute(hidden, model.LmHeadWeight, labels, options with { LogitSoftcap = model.FinalLogitSoftcap });
    }

    /// <summary>
    /// A packed batch: the rows run through the model with their segment ids (each sequence attends only to itself,
    /// positions restart at 0), then each sequence's hidden states are gathered into its own row, chosen rows then
    /// rejected rows as in a padded batch, and scored the same way, so losses and gradients equal the padded
    /// batch's. The gathered rows are padded with zero hidden states, so <c>logits/*</c> sum over a sequence's own
    /// positions only (a padded batch's also count the logits at padding).
    /// </summary>
    public static SequenceScores Score(CausalLM model, PackedBatch batch, ScoreOptions options)
    {
        using var inputIds = torch.tensor(batch.InputIds, batch.Shape, torch.int64, model.Device);
        using var positionIds = torch.tensor(batch.PositionIds, batch.Shape, torch.int64, model.Device);
        using var segmentIds = torch.tensor(batch.SegmentIds, batch.Shape, torch.int64, model.Device);
        using var hidden = model.Hidden(inputIds, positionIds, segmentIds: segmentIds);
        int pairs = batch.PairCount, longest = batch.Sequences.Max(sequence => sequence.Length);
        long packedTokens = (long)batch.Rows * batch.Length;
        var gather = new long[2 * pairs * longest];
        var labels = new long[gather.Length];
        Array.Fill(gather, packedTokens);
        Array.Fill(labels, TokenizedPair.IgnoredLabel);
        foreach (PackedSequence sequence in batch.Sequences)
        {
            int row = sequence.IsChosen ? sequence.PairIndex : pairs + sequence.PairIndex;
            long source = (long)sequence.Row * batch.Length + sequence.Start;
            for (int t = 0; t < sequence.Length; t++)
            {
                gather[row * longest + t] = source + t;
                labels[row * longest + t] = batch.Labels[source + t];
            }
        }
        using var flat = hidden.reshape(packedTokens, -1);
        using var withZero = torch.cat([flat, torch.zeros([1, flat.shape[1]], flat.dtype, flat.device)]);
        using var index = torch.tensor(gather, torch.int64, model.Device);
        using var unpacked = withZero.index_select(0, index).reshape(2L * pairs, longest, -1);
        using var unpackedLabels = torch.tensor(labels, [2L * pairs, longest], torch.int64, model.Device);
        return SequenceScores.Compute(unpacked, model.LmHeadWeight, unpackedLabels, options with { LogitSoftcap = model.FinalLogitSoftcap });
    }
}
