using TorchSharp;
using Wpo.Checkpoints;
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

    /// <summary>The file a run caches its reference log-probs in, inside <c>output_dir</c>.</summary>
    public const string CacheFileName = "reference_logps.safetensors";

    /// <summary>Writes the log-probs (float64, chosen and rejected) with <paramref name="key"/>, what they were computed from, as metadata.</summary>
    public void Save(string path, string key)
    {
        using var chosenTensor = torch.tensor(chosen, torch.float64);
        using var rejectedTensor = torch.tensor(rejected, torch.float64);
        SafeTensorsWriter.Write(path, [("chosen", chosenTensor), ("rejected", rejectedTensor)], new Dictionary<string, string> { ["key"] = key });
    }

    /// <summary>The log-probs saved at <paramref name="path"/> for <paramref name="key"/>; null when there is no such file or it was saved for something else.</summary>
    public static ReferenceLogProbs? Load(string path, string key)
    {
        if (!File.Exists(path)) return null;
        var file = SafeTensorsFile.Open(path);
        if (file.Metadata.GetValueOrDefault("key") != key) return null;
        using var chosenTensor = file.Read("chosen");
        using var rejectedTensor = file.Read("rejected");
        return new ReferenceLogProbs(chosenTensor.data<double>().ToArray(), rejectedTensor.data<double>().ToArray());
    }

    /// <summary>Scores <paramref name="pairs"/> in order, <paramref name="batchSize"/> pairs at a time, without gradients.</summary>
    public static ReferenceLogProbs Compute(CausalLM reference, IReadOnlyList<TokenizedPair> pairs, int batchSize, long padId, Action<int>? progress = null)
    {
        if (batchSize < 1) throw new WpoException($"reference log-probs: the batch size must be positive, got {batchSize}.");
        return Compute(reference, pairs, [.. Enumerable.Range(0, pairs.Count).Chunk(batchSize)], padId, progress);
    }

    /// <summary>
    /// Scores the pairs in the given batches (each pair in exactly one), without gradients. Scored in the batches the
    /// first epoch trains on, the reference equals the untrained policy to the last bit, so that the first steps'
    /// rewards are exactly 0 (as the seed's, whose accuracies count rewards/chosen &gt; rewards/rejected strictly).
    /// </summary>
    public static ReferenceLogProbs Compute(CausalLM reference, IReadOnlyList<TokenizedPair> pairs, IReadOnlyList<int[]> batches, long padId, Action<int>? progress = null)
    {
        var chosen = new double[pairs.Count];
        var rejected = new double[pairs.Count];
        var scored = new bool[pairs.Count];
        bool wasTraining = reference.training;
        reference.eval();
        int done = 0;
        using (torch.no_grad())
        {
            foreach (int[] indices in batches)
            {
                using var scope = torch.NewDisposeScope();
                var batch = PreferenceBatch.Collate([.. indices.Select(i => pairs[i])], padId);
                var summed = BatchScoring.Score(reference, batch, new ScoreOptions { Alignment = Alignment.None }).SummedLogps
                    .to(torch.float64).cpu().data<double>().ToArray();
                for (int k = 0; k < indices.Length; k++)
                {
                    chosen[indices[k]] = summed[k];
                    rejected[indices[k]] = summed[indices.Length + k];
                    scored[indices[k]] = true;
                }
                progress?.Invoke(done += indices.Length);
            }
        }
        reference.train(wasTraining);
        if (Array.IndexOf(scored, false) is int missing and >= 0)
            throw new WpoException($"reference log-probs: pair {missing} is in none of the batches.");
        return new ReferenceLogProbs(chosen, rejected);
    }

    /// <summary>[2B] float64: the chosen log-probs of <paramref name="pairIndices"/>, then their rejected log-probs.</summary>
    public torch.Tensor For(IReadOnlyList<int> pairIndices, torch.Device device) =>
        torch.tensor(pairIndices.Select(i => chosen[i]).Concat(pairIndices.Select(i => rejected[i])).ToArray(), torch.float64, device);
}
