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
}
