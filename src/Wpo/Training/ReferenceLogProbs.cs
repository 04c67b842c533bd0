using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>
/// The frozen reference model's summed log-probabilities of every pair's chosen and rejected response, computed
/// once before training (the reference never changes, so scoring it again each step would only cost time).
/// </summary>
public sealed class ReferenceLogProbs
{
    readonly double[] chosen;
    readonly double[] rejected;

    ReferenceLogProbs(double[] chosen, double[] rejected)
    {
        this.chosen = chosen;
        this.rejected = rejected;
    }

    public int PairCount => chosen.Length;

    /// <summary>Scores <paramref name="pairs"/> in order, <paramref name="batchSize"/> pairs at a time, without gradients.</summary>
    public static ReferenceLogProbs Compute(CausalLM reference, IReadOnlyList<TokenizedPair> pairs, int batchSize, long padId, Action<int>? progress = null)
    {
        if (batchSize < 1) throw new WpoException($"reference log-probs: the batch size must be positive, got {batchSize}.");
        var chosen = new double[pairs.Count];
        var rejected = new double[pairs.Count];
        bool wasTraining = reference.training;
        reference.eval();
        using (torch.no_grad())
        {
            for (int start = 0; start < pairs.Count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                int count = Math.Min(batchSize, pairs.Count - start);
                var batch = PreferenceBatch.Collate(pairs.Skip(start).Take(count).ToList(), padId);
                var summed = BatchScoring.Score(reference, batch, new ScoreOptions { Alignment = Alignment.None }).SummedLogps
                    .to(torch.float64).cpu().data<double>().ToArray();
                Array.Copy(summed, 0, chosen, start, count);
                Array.Copy(summed, count, rejected, start, count);
                progress?.Invoke(start + count);
            }
        }
        reference.train(wasTraining);
        return new ReferenceLogProbs(chosen, rejected);
    }

    /// <summary>[2B] float64: the chosen log-probs of <paramref name="pairIndices"/>, then their rejected log-probs.</summary>
    public torch.Tensor For(IReadOnlyList<int> pairIndices, torch.Device device) =>
        torch.tensor(pairIndices.Select(i => chosen[i]).Concat(pairIndices.Select(i => rejected[i])).ToArray(), torch.float64, device);
}
