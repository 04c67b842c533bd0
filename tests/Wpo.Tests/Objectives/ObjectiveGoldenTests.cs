using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

[Trait("Category", "Golden")]
public sealed class ObjectiveGoldenTests
{
    /// <summary>Chunks of 5 labelled positions: several chunks per case, the last one partial.</summary>
    const int GoldenChunkSize = 5;

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (goldenCase, variant) in ObjectiveGolden.Enumerate())
            foreach (bool chunked in new[] { true, false })
                data.Add(goldenCase, variant, chunked);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Objective_matches_the_reference_recomputation(string goldenCase, string variant, bool chunked)
    {
        using var scope = NewDisposeScope();
        var golden = ObjectiveGolden.Load(goldenCase, variant);
        var hidden = golden.Hidden.requires_grad_();
        var weight = golden.LmHeadWeight.requires_grad_();
        var scores = SequenceScores.Compute(hidden, weight, golden.Labels, new ScoreOptions
        {
            Alignment = golden.Alignment ?? Alignment.None,
            Chunked = chunked,
            ChunkSize = GoldenChunkSize,
        });
        var result = PreferenceLoss.Compute(scores, golden.ReferenceLogps, golden.Loss);
        result.Loss.backward();

        double tolerance = golden.Tolerance;
        Close.Values("logps_summed", golden.ExpectedArray("logps_summed"), Close.Doubles(scores.SummedLogps), tolerance);
        Close.Values("logps_mean", golden.ExpectedArray("logps_mean"), Close.Doubles(scores.MeanLogps), tolerance);
        if (golden.Has("aligned_mean_logps"))
            Close.Values("aligned_mean_logps", golden.ExpectedArray("aligned_mean_logps"), Close.Doubles(scores.AlignedMeanLogps), tolerance);
        Close.Values("pair_weights", golden.ExpectedArray("pair_weights"), Close.Doubles(result.PairWeights), tolerance);
        // Losses are relative in float32. From bf16 logits they are in nats, absolute below 1 nat: an IPO loss near its
        // minimum is the square of a small difference of bf16-rounded log-probs.
        double lossFloor = golden.IsBFloat16 ? 1 : 0;
        Close.Values("per_pair_losses", golden.ExpectedArray("per_pair_losses"), Close.Doubles(result.PerPairLosses), tolerance, lossFloor);
        Close.Value("loss", golden.ExpectedScalar("loss"), result.Loss.item<double>(), tolerance, lossFloor);
        // A reward is β times the difference of two log-probs of this size (the reference ones stored in float32):
        // it is accurate relative to them, not to the (possibly tiny) difference.
        bool lengthNormalised = golden.Loss.LossType is LossType.Ipo or LossType.Simpo;
        double rewardScale = golden.Loss.Beta * golden.ExpectedArray(lengthNormalised ? "logps_mean" : "logps_summed").Max(Math.Abs);
        Close.Values("rewards_chosen", golden.ExpectedArray("rewards_chosen"), Close.Doubles(result.RewardsChosen!), tolerance, rewardScale);
        Close.Values("rewards_rejected", golden.ExpectedArray("rewards_rejected"), Close.Doubles(result.RewardsRejected!), tolerance, rewardScale);
        Assert.Equal(golden.ExpectedScalar("reward_accuracy"), result.Metrics["rewards/accuracies"]);
        Close.ByScale("grad_hidden", golden.GradHidden, hidden.grad!, tolerance);
        Close.ByScale("grad_lm_head_weight", golden.GradLmHeadWeight, weight.grad!, tolerance);
    }
}
