using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

public sealed class PreferenceLossTests
{
    // A padded length of 6 and a vocabulary of 10.
    const long LogitsPerRow = 6 * 10;
    static readonly double[] Summed = [-12.0, -3.0, -14.0, -2.0];
    static readonly long[] Counts = [4, 2, 7, 1];
    static readonly double[] Reference = [-11.0, -3.5, -13.0, -2.2];
    // Pair 0 has a + a' > 0, so only its weight is clamped.
    static readonly double[] Aligned = [0.4, -0.9, 0.3, -1.2];

    /// <summary>Policy scores of 2 pairs (rows: chosen 0, chosen 1, rejected 0, rejected 1) whose summed log-probs are leaves.</summary>
    static SequenceScores Scores(bool alignedRequiresGrad = false)
    {
        var summed = tensor(Summed).requires_grad_();
        var counts = tensor(Counts);
        return new SequenceScores(summed, summed / counts.to(ScalarType.Float64), tensor(Aligned).requires_grad_(alignedRequiresGrad),
            counts, tensor(new[] { 8.0, -2.0, 7.0, 3.0 }), LogitsPerRow);
    }

    static double Logistic(double x) => Math.Log(1 + Math.Exp(-x));

    [Fact]
    public void The_loss_is_the_plain_mean_of_weighted_pair_losses()
    {
        using var scope = NewDisposeScope();
        var options = new LossOptions { Beta = 0.5 };
        var result = PreferenceLoss.Compute(Scores(), tensor(Reference), options);

        double[] h = [(-12.0 + 11.0) - (-14.0 + 13.0), (-3.0 + 3.5) - (-2.0 + 2.2)];
        double[] losses = [Logistic(0.5 * h[0]), Logistic(0.5 * h[1])];
        double[] weights = [1, Math.Exp(-0.9 - 1.2)];
        Close.Values("per pair", losses, Close.Doubles(result.PerPairLosses), 1e-14);
        Close.Values("weights", weights, Close.Doubles(result.PairWeights), 1e-14);
        Close.Value("loss", (weights[0] * losses[0] + weights[1] * losses[1]) / 2, result.Loss.item<double>(), 1e-14);
    }

    [Fact]
    public void Switching_off_the_clamp_changes_only_the_weights_above_one()
    {
        using var scope = NewDisposeScope();
        var clamped = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions());
        var unclamped = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions { ClampWeightAtOne = false });

        Close.Values("weights", [Math.Exp(0.7), clamped.PairWeights[1].item<double>()], Close.Doubles(unclamped.PairWeights), 1e-14);
        Assert.Equal(1.0, clamped.PairWeights[0].item<double>());
        Assert.Equal(Close.Doubles(clamped.PerPairLosses), Close.Doubles(unclamped.PerPairLosses));
    }

    [Fact]
    public void Without_wpo_every_weight_is_one()
    {
        using var scope = NewDisposeScope();
        var result = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions { Wpo = false });

        Assert.Equal([1.0, 1.0], Close.Doubles(result.PairWeights));
        Close.Value("loss", Close.Doubles(result.PerPairLosses).Average(), result.Loss.item<double>(), 1e-15);
        Assert.DoesNotContain("wpo/weight_mean", result.Metrics.Keys);
    }

    [Theory]
    [InlineData(LossType.Sigmoid)]
    [InlineData(LossType.Ipo)]
    [InlineData(LossType.Hinge)]
    [InlineData(LossType.Simpo)]
    public void The_weight_scales_each_pair_gradient_and_receives_none(LossType type)
    {
        using var scope = NewDisposeScope();
        var weighted = Scores(alignedRequiresGrad: true);
        var plain = Scores();
        var options = new LossOptions { LossType = type, Beta = 0.3, ClampWeightAtOne = false };
        var result = PreferenceLoss.Compute(weighted, tensor(Reference), options);
        result.Loss.backward();
        PreferenceLoss.Compute(plain, tensor(Reference), options with { Wpo = false }).Loss.backward();

        var w = Close.Doubles(result.PairWeights);
        var expected = Close.Doubles(plain.SummedLogps.grad!).Select((g, row) => g * w[row % 2]).ToArray();
        Close.Values("gradient", expected, Close.Doubles(weighted.SummedLogps.grad!), 1e-12);
        Assert.True(weighted.AlignedMeanLogps.grad is null);
    }

    [Fact]
    public void Ipo_uses_length_averaged_policy_and_reference_log_probs()
    {
        using var scope = NewDisposeScope();
        var result = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions { LossType = LossType.Ipo, Beta = 0.5, Wpo = false });

        double Ratio(int row) => (Summed[row] - Reference[row]) / Counts[row];
        double[] h = [Ratio(0) - Ratio(2), Ratio(1) - Ratio(3)];
        Close.Values("per pair", h.Select(x => (x - 1) * (x - 1)).ToArray(), Close.Doubles(result.PerPairLosses), 1e-14);
        Close.Values("rewards chosen", [0.5 * Ratio(0), 0.5 * Ratio(1)], Close.Doubles(result.RewardsChosen!), 1e-14);
    }

    [Fact]
    public void Simpo_is_reference_free_with_a_margin()
    {
        using var scope = NewDisposeScope();
        var options = new LossOptions { LossType = LossType.Simpo, Beta = 2, Gamma = 0.5, Wpo = false };
        var withoutReference = PreferenceLoss.Compute(Scores(), null, options);
        var withReference = PreferenceLoss.Compute(Scores(), tensor(Reference), options);

        double Mean(int row) => Summed[row] / Counts[row];
        double[] expected = [Logistic(2 * (Mean(0) - Mean(2)) - 0.5), Logistic(2 * (Mean(1) - Mean(3)) - 0.5)];
        Close.Values("per pair", expected, Close.Doubles(withoutReference.PerPairLosses), 1e-14);
        Assert.Equal(withoutReference.Loss.item<double>(), withReference.Loss.item<double>());
        Close.Values("rewards chosen", [2 * Mean(0), 2 * Mean(1)], Close.Doubles(withoutReference.RewardsChosen!), 1e-14);
    }

    [Fact]
    public void Sft_alone_or_added_is_the_chosen_mean_token_nll()
    {
        using var scope = NewDisposeScope();
        double nll = -(Summed[0] / Counts[0] + Summed[1] / Counts[1]) / 2;
        var sft = PreferenceLoss.Compute(Scores(), null, new LossOptions { LossType = LossType.Sft });
        var dpo = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions());
        var dpoWithSft = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions { SftCoefficient = 0.25 });

        Close.Value("sft", nll, sft.Loss.item<double>(), 1e-15);
        Close.Value("dpo + sft", dpo.Loss.item<double>() + 0.25 * nll, dpoWithSft.Loss.item<double>(), 1e-15);
        Close.Value("nll_loss", nll, dpoWithSft.Metrics["nll_loss"], 1e-15);
        Assert.Null(sft.RewardsChosen);
        // The pair weights (1 and 0.12 here) do not enter the SFT loss, so none are reported.
        Assert.Equal([1.0, 1.0], Close.Doubles(sft.PairWeights));
        Assert.DoesNotContain("wpo/weight_mean", sft.Metrics.Keys);
    }

    [Fact]
    public void Metrics_carry_the_reference_trainer_names_and_values()
    {
        using var scope = NewDisposeScope();
        var result = PreferenceLoss.Compute(Scores(), tensor(Reference), new LossOptions { Beta = 0.1 });
        var m = result.Metrics;

        double[] rewards = Summed.Zip(Reference, (p, r) => 0.1 * (p - r)).ToArray();
        Close.Value("rewards/chosen", (rewards[0] + rewards[1]) / 2, m["rewards/chosen"], 1e-14);
        Close.Value("rewards/rejected", (rewards[2] + rewards[3]) / 2, m["rewards/rejected"], 1e-14);
        Close.Value("rewards/margins", (rewards[0] - rewards[2] + rewards[1] - rewards[3]) / 2, m["rewards/margins"], 1e-14);
        Assert.Equal(0.5, m["rewards/accuracies"]);
        Assert.Equal((Summed[0] + Summed[1]) / 2, m["logps/chosen"]);
        Assert.Equal((Summed[2] + Summed[3]) / 2, m["logps/rejected"]);
        Close.Value("logits/chosen", (8.0 - 2.0) / (2 * LogitsPerRow), m["logits/chosen"], 1e-15);
        Close.Value("logits/rejected", (7.0 + 3.0) / (2 * LogitsPerRow), m["logits/rejected"], 1e-15);
        var weights = Close.Doubles(result.PairWeights);
        Assert.Equal(weights.Average(), m["wpo/weight_mean"], 1e-15);
        Assert.Equal(weights.Min(), m["wpo/weight_min"]);
        Assert.Equal(weights.Max(), m["wpo/weight_max"]);
        Assert.Equal(result.Loss.item<double>(), m["loss"]);
    }

    public static TheoryData<string, LossOptions, bool> InvalidSettings() => new()
    {
        { "needs the reference", new LossOptions { LossType = LossType.Hinge }, false },
        { "label_smoothing applies", new LossOptions { LossType = LossType.Ipo, LabelSmoothing = 0.1 }, true },
        { "gamma is SimPO's", new LossOptions { Gamma = 0.5 }, true },
        { "beta must be", new LossOptions { Beta = 0 }, true },
        { "set it to 0", new LossOptions { LossType = LossType.Sft, SftCoefficient = 1 }, true },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_are_named(string message, LossOptions options, bool withReference)
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<WpoException>(() => PreferenceLoss.Compute(Scores(), withReference ? tensor(Reference) : null, options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Rows_must_pair_up_and_the_reference_must_match_them()
    {
        using var scope = NewDisposeScope();
        var scores = Scores();
        var odd = scores with { SummedLogps = scores.SummedLogps.narrow(0, 0, 3) };

        Assert.Contains("2·pairs rows", Assert.Throws<WpoException>(() => PreferenceLoss.Compute(odd, tensor(Reference), new LossOptions())).Message);
        Assert.Contains("expected [4]", Assert.Throws<WpoException>(() =>
            PreferenceLoss.Compute(scores, tensor(Reference).narrow(0, 0, 2), new LossOptions())).Message);
    }
}
