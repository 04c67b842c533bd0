using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>The reference model's summed log-probs of a micro-batch ([2B] float64, chosen then rejected), or null without a reference.</summary>
public abstract class ReferenceScores
{
    public abstract torch.Tensor? For(IReadOnlyList<int> pairIndices, IReadOnlyList<TokenizedPair> pairs, long padId, torch.Device device);

    /// <summary>Reference-free losses (SimPO, SFT).</summary>
    public static ReferenceScores None { get; } = new NoReference();

    /// <summary>Log-probs scored once before training.</summary>
    public static ReferenceScores Precomputed(ReferenceLogProbs logProbs) => new PrecomputedReference(logProbs);

    /// <summary>A frozen model scored every micro-batch, without gradients (with its LoRA adapters off: the base).</summary>
    public static ReferenceScores Frozen(CausalLM model) => new FrozenReference(model);

    sealed class NoReference : ReferenceScores
    {
        public override torch.Tensor? For(IReadOnlyList<int> pairIndices, IReadOnlyList<TokenizedPair> pairs, long padId, torch.Device device) => null;
    }

    sealed class PrecomputedReference(ReferenceLogProbs logProbs) : ReferenceScores
    {
        public override torch.Tensor? For(IReadOnlyList<int> pairIndices, IReadOnlyList<TokenizedPair> pairs, long padId, torch.Device device) =>
            logProbs.For(pairIndices, device);
    }

    sealed class FrozenReference(CausalLM model) : ReferenceScores
    {
        public override torch.Tensor? For(IReadOnlyList<int> pairIndices, IReadOnlyList<TokenizedPair> pairs, long padId, torch.Device device)
        {
            using var noGrad = torch.no_grad();
            var batch = PreferenceBatch.Collate([.. pairIndices.Select(i => pairs[i])], padId);
            return model.Adapters.WithoutAdapters(() => BatchScoring.Score(model, batch, new ScoreOptions { Alignment = Alignment.None }).SummedLogps.to(torch.float64).to(device));
        }
    }
}
