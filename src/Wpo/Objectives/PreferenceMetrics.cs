using static TorchSharp.torch;
using static Wpo.Objectives.PairLayout;

namespace Wpo.Objectives;

/// <summary>
/// The values the reference trainer logs each step, under its names so that curves compare, plus the WPO pair
/// weights (which no peer logs).
/// </summary>
internal static class PreferenceMetrics
{
    /// <param name="Loss">Scalar.</param>
    /// <param name="Policy">The policy scores (for the mean logits).</param>
    /// <param name="PolicyLogps">[rows]: the log-probs the loss used (summed, or averaged for ipo/simpo).</param>
    /// <param name="Rewards">[rows]: β·(policy − reference) log-ratios, or null when there is no reference.</param>
    /// <param name="Weights">[pairs] pair weights, or null when WPO is off.</param>
    /// <param name="ChosenNll">[pairs] chosen NLL when an SFT term is in the loss, else null.</param>
    public sealed record Inputs(Tensor Loss, SequenceScores Policy, Tensor PolicyLogps, Tensor? Rewards, Tensor? Weights, Tensor? ChosenNll);

    public static IReadOnlyDictionary<string, double> Collect(Inputs inputs)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        static double Mean(Tensor values) => values.to(ScalarType.Float64).mean().item<double>();

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = inputs.Loss.item<double>() };
        if (inputs.Rewards is Tensor rewards)
        {
            metrics["rewards/chosen"] = Mean(Chosen(rewards));
            metrics["rewards/rejected"] = Mean(Rejected(rewards));
            metrics["rewards/accuracies"] = Mean(Chosen(rewards).gt(Rejected(rewards)));
            metrics["rewards/margins"] = Mean(Chosen(rewards) - Rejected(rewards));
        }
        metrics["logps/chosen"] = Mean(Chosen(inputs.PolicyLogps));
        metrics["logps/rejected"] = Mean(Rejected(inputs.PolicyLogps));
        metrics["logits/chosen"] = MeanLogit(inputs.Policy, Chosen);
        metrics["logits/rejected"] = MeanLogit(inputs.Policy, Rejected);
        if (inputs.ChosenNll is Tensor nll) metrics["nll_loss"] = Mean(nll);
        if (inputs.Weights is Tensor weights)
        {
            metrics["wpo/weight_mean"] = Mean(weights);
            metrics["wpo/weight_min"] = weights.min().item<double>();
            metrics["wpo/weight_max"] = weights.max().item<double>();
        }
        return metrics;
    }

    /// <summary>The mean of all logits of one half of the rows, every position included.</summary>
    static double MeanLogit(SequenceScores policy, Func<Tensor, Tensor> half) =>
        half(policy.LogitSums).mean().item<double>() / policy.LogitsPerRow;
}
