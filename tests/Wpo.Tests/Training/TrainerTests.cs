using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Objectives;
using Wpo.Tests.Modeling;
using Wpo.Training;

namespace Wpo.Tests.Training;

/// <summary>The loop on a tiny model: every loss type learns a fixed batch, and a non-finite loss stops the run naming the rows.</summary>
public sealed class TrainerTests
{
    static readonly IReadOnlyList<TokenizedPair> Pairs = RandomPairs.Create(6, vocabulary: 61, seed: 3);

    /// <summary>Runs <paramref name="steps"/> steps, each on all the pairs, and returns the logged rows.</summary>
    static IReadOnlyList<MetricRow> Run(CausalLM model, LossOptions loss, int steps, Func<ReferenceScores> reference)
    {
        var config = new TrainingConfig { Loss = loss, LearningRate = 1e-2, LrSchedulerType = "constant", LoggingSteps = 1, SaveStrategy = Interval.No };
        int[] all = [.. Enumerable.Range(0, Pairs.Count)];
        var plan = BatchPlan.Explicit([.. Enumerable.Range(0, steps).Select(_ => (IReadOnlyList<int[]>)[all])], stepsPerEpoch: steps);
        using var folder = new TemporaryFolder();
        var trainer = new Trainer(model, Pairs, padId: 0, plan, config, reference());
        using var optimizer = new MasterWeightAdamW(model, AdamWSettings.From(config));
        using (var log = MetricsLog.Open(folder.Path, []))
            Assert.Equal(TrainingOutcome.Completed, trainer.Run(optimizer, new TrainerState(), log));
        return MetricsLog.Read(folder.Path);
    }

    [Theory]
    [InlineData(LossType.Sigmoid, true)]
    [InlineData(LossType.Sigmoid, false)]
    [InlineData(LossType.Ipo, true)]
    [InlineData(LossType.Hinge, true)]
    [InlineData(LossType.Simpo, true)]
    [InlineData(LossType.Sft, false)]
    public void Each_loss_type_drives_its_loss_down_over_30_steps_on_a_fixed_batch(LossType lossType, bool wpo)
    {
        using var model = TinyModels.Create("llama");
        var loss = new LossOptions { LossType = lossType, Beta = lossType == LossType.Simpo ? 2.0 : 0.5, Gamma = lossType == LossType.Simpo ? 0.5 : 0, Wpo = wpo };
        bool free = lossType is LossType.Simpo or LossType.Sft;
        var rows = Run(model, loss, 30, () => free ? ReferenceScores.None : ReferenceScores.Precomputed(ReferenceLogProbs.Compute(model, Pairs, batchSize: 6, padId: 0)));

        Assert.Equal(30, rows.Count);
        Assert.All(rows, row => Assert.True(double.IsFinite(row["loss"]) && double.IsFinite(row["grad_norm"])));
        double first = rows[0]["loss"], last = rows[^1]["loss"];
        Assert.True(last < 0.5 * first, $"{lossType}: loss {first} → {last}");
        if (wpo) Assert.InRange(rows[^1]["wpo/weight_mean"], 1e-12, 1);
        else Assert.False(rows[0].Has("wpo/weight_mean"));
    }

    /// <summary>A reference whose log-probs are NaN for one pair, as a corrupt cache or an overflowing model would give.</summary>
    sealed class PoisonedReference(ReferenceLogProbs clean, int poisoned) : ReferenceScores
    {
        public override torch.Tensor? For(IReadOnlyList<int> pairIndices, IReadOnlyList<TokenizedPair> pairs, long padId, torch.Device device)
        {
            var logps = clean.For(pairIndices, device);
            int k = pairIndices.ToList().IndexOf(poisoned);
            if (k >= 0) logps[k] = double.NaN;
            return logps;
        }
    }

    [Fact]
    public void A_NaN_in_a_batch_stops_the_run_naming_the_step_and_the_rows()
    {
        using var model = TinyModels.Create("llama");
        var clean = ReferenceLogProbs.Compute(model, Pairs, batchSize: 6, padId: 0);
        var error = Assert.Throws<WpoException>(() => Run(model, new LossOptions(), 2, () => new PoisonedReference(clean, poisoned: 4)));
        Assert.StartsWith("step 1: the loss is NaN; the run stops", error.Message);
        Assert.Contains("random row 4", error.Message);
        Assert.Contains("random row 0", error.Message);
    }
}
