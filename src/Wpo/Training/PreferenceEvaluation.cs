using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>
/// The test split scored with the training loss, without gradients, <c>per_device_eval_batch_size</c> pairs at a
/// time: each metric is the mean over batches (as TRL's evaluation loop logs it), named with transformers'
/// <c>eval_</c> prefix.
/// </summary>
public sealed class PreferenceEvaluation(IReadOnlyList<TokenizedPair> pairs, long padId, TrainingConfig config, ReferenceScores reference)
{
    public const string Prefix = "eval_";

    public int PairCount => pairs.Count;

    public MetricRow Run(CausalLM policy, int step, double epoch)
    {
        bool wasTraining = policy.training;
        policy.eval();
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var keys = new List<string>();
        int batches = 0;
        using (torch.no_grad())
        {
            foreach (int[] indices in Enumerable.Range(0, pairs.Count).Chunk(config.PerDeviceEvalBatchSize))
            {
                using var scope = torch.NewDisposeScope();
                var batch = PreferenceBatch.Collate([.. indices.Select(i => pairs[i])], padId);
                var scores = BatchScoring.Score(policy, batch, config.Scores);
                var result = PreferenceLoss.Compute(scores, reference.For(indices, pairs, padId, policy.Device), config.Loss);
                foreach (var (key, value) in result.Metrics)
                {
                    if (!sums.ContainsKey(key)) keys.Add(key);
                    sums[key] = sums.GetValueOrDefault(key) + value;
                }
                batches++;
            }
        }
        policy.train(wasTraining);
        return new MetricRow(step, epoch, [.. keys.Select(key => new KeyValuePair<string, double>(Prefix + key, sums[key] / batches))]);
    }
}
