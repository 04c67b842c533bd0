using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;
using Wpo.Tests.Modeling;
using Wpo.Training;

namespace Wpo.Tests.Training;

/// <summary>Packed batches (several sequences per row, segment ids) score, lose and differentiate as padded batches do.</summary>
public sealed class PackedScoringTests
{
    static readonly IReadOnlyList<TokenizedPair> Pairs = RandomPairs.Create(5, vocabulary: 61, seed: 11);
    static readonly ScoreOptions Scores = new() { Alignment = Alignment.Sampled };

    /// <summary>The WPO loss of the pairs against a zero reference, and the gradient of every parameter.</summary>
    static (SequenceScores Scores, double Loss, torch.Tensor[] Gradients) LossAndGradients(CausalLM model, Func<SequenceScores> score)
    {
        model.zero_grad();
        var scores = score();
        using var reference = torch.zeros(2 * Pairs.Count, torch.float64);
        var result = PreferenceLoss.Compute(scores, reference, new LossOptions { Beta = 0.5 });
        result.Loss.backward();
        return (scores, result.Loss.item<double>(), [.. model.parameters().Select(p => p.grad!.clone())]);
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Packed_and_padded_batches_give_the_same_scores_loss_and_gradients(string modelType)
    {
        using var model = TinyModels.Create(modelType, torch.ScalarType.Float64);
        var padded = LossAndGradients(model, () => BatchScoring.Score(model, PreferenceBatch.Collate(Pairs, padId: 0), Scores));
        var packedBatch = SequencePacker.Pack(Pairs, rowLength: 16, padId: 0);
        Assert.True(packedBatch.Rows < 2 * Pairs.Count, "the pairs did not pack: the test would compare padded with padded");
        var packed = LossAndGradients(model, () => BatchScoring.Score(model, packedBatch, Scores));

        Assert.Equal(padded.Loss, packed.Loss, 1e-12);
        Assert.True(TinyModels.MaxAbsDifference(padded.Scores.SummedLogps, packed.Scores.SummedLogps) < 1e-10);
        Assert.True(TinyModels.MaxAbsDifference(padded.Scores.AlignedMeanLogps, packed.Scores.AlignedMeanLogps) < 1e-10);
        Assert.Equal(padded.Scores.TokenCounts.data<long>().ToArray(), packed.Scores.TokenCounts.data<long>().ToArray());
        foreach (var (a, b) in padded.Gradients.Zip(packed.Gradients))
            Assert.True(TinyModels.MaxAbsDifference(a, b) < 1e-10, $"{modelType}: gradients differ by {TinyModels.MaxAbsDifference(a, b)}");
    }

    [Fact]
    public void A_packed_run_logs_the_padded_runs_losses_and_rewards()
    {
        using var padded = TinyModels.Create("llama", torch.ScalarType.Float64);
        using var packed = TinyModels.Create("llama", torch.ScalarType.Float64);
        var reference = ReferenceLogProbs.Compute(padded, Pairs, batchSize: 5, padId: 0);
        var plan = BatchPlan.Explicit([.. Enumerable.Range(0, 4).Select(_ => (IReadOnlyList<int[]>)[[0, 1, 2], [3, 4]])], stepsPerEpoch: 4);
        IReadOnlyList<MetricRow> Run(CausalLM model, int? rowLength)
        {
            var config = new TrainingConfig { LearningRate = 1e-2, LoggingSteps = 1, SaveStrategy = Interval.No, PackedRowLength = rowLength, GradientAccumulationSteps = 2 };
            using var folder = new TemporaryFolder();
            using var optimizer = new MasterWeightAdamW(model, AdamWSettings.From(config));
            using (var log = MetricsLog.Open(folder.Path, []))
                new Trainer(model, Pairs, 0, plan, config, ReferenceScores.Precomputed(reference)).Run(optimizer, new TrainerState(), log);
            return MetricsLog.Read(folder.Path);
        }
        var paddedRows = Run(padded, null);
        var packedRows = Run(packed, 16);
        foreach (var (a, b) in paddedRows.Zip(packedRows))
            foreach (string key in new[] { "loss", "grad_norm", "rewards/chosen", "rewards/margins", "logps/rejected", "wpo/weight_mean" })
                Assert.True(Math.Abs(a[key] - b[key]) <= 1e-9 * Math.Max(1, Math.Abs(a[key])), $"step {a.Step} {key}: padded {a[key]}, packed {b[key]}");
    }
}
