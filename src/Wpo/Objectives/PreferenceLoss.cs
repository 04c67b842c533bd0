using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static Wpo.Objectives.PairLayout;

namespace Wpo.Objectives;

/// <summary>
/// The WPO objective over a batch of pairs: L = mean over pairs of w·ℓ (the plain mean, not divided by Σw), with
/// ℓ the DPO-family loss of <see cref="LossOptions.LossType"/> and w the detached <see cref="WpoWeights"/>
/// (paper §3), plus an optional SFT term. Pair-level math is float64.
/// </summary>
public static class PreferenceLoss
{
    /// <summary>Computes the loss and the logged metrics.</summary>
    /// <param name="policy">Policy scores of 2·pairs rows: the chosen rows first, then the rejected rows in the same order.</param>
    /// <param name="referenceSummedLogps">
    /// [rows]: the reference model's summed log-probs of the same rows (precomputed once). IPO divides them by the
    /// response lengths. Required except for the reference-free simpo and sft, where it may be null.
    /// </param>
    /// <param name="options">Loss type, β, WPO switches, SFT coefficient.</param>
    public static PreferenceLossResult Compute(SequenceScores policy, Tensor? referenceSummedLogps, LossOptions options)
    {
        Validate(policy, referenceSummedLogps, options);
        long pairs = policy.Rows / 2;
        bool lengthNormalised = options.LossType is LossType.Ipo or LossType.Simpo;
        var policyLogps = lengthNormalised ? policy.MeanLogps : policy.SummedLogps;
        var counts = policy.TokenCounts.to(ScalarType.Float64);
        Tensor? referenceLogps = options.LossType == LossType.Simpo || referenceSummedLogps is null ? null
            : lengthNormalised ? referenceSummedLogps.to(ScalarType.Float64) / counts
            : referenceSummedLogps.to(ScalarType.Float64);
        var logRatios = referenceLogps is null ? policyLogps : policyLogps - referenceLogps;

        // The pair weight scales preference losses; sft (the chosen NLL alone) has no pair loss to weight.
        bool weighted = options.Wpo && options.LossType != LossType.Sft;
        var weights = weighted
            ? WpoWeights.Compute(Chosen(policy.AlignedMeanLogps), Rejected(policy.AlignedMeanLogps), options.WeightMode, options.ClampWeightAtOne)
            : ones(pairs, ScalarType.Float64, policy.SummedLogps.device);
        var chosenNll = -Chosen(policy.MeanLogps);
        Tensor loss, perPair;
        if (options.LossType == LossType.Sft)
        {
            perPair = chosenNll;
            loss = chosenNll.mean();
        }
        else
        {
            perPair = PairLosses(options, Chosen(logRatios) - Rejected(logRatios));
            loss = (weights * perPair).mean();
            if (options.SftCoefficient != 0) loss = loss + options.SftCoefficient * chosenNll.mean();
        }

        Tensor? rewards = referenceLogps is null && options.LossType != LossType.Simpo ? null : options.Beta * logRatios.detach();
        var metrics = PreferenceMetrics.Collect(new PreferenceMetrics.Inputs(
            loss, policy, policyLogps, rewards, weighted ? weights : null,
            options.LossType == LossType.Sft || options.SftCoefficient != 0 ? chosenNll : null));
        return new PreferenceLossResult(loss, perPair.detach(), weights,
            rewards is null ? null : Chosen(rewards), rewards is null ? null : Rejected(rewards), metrics);
    }

    /// <summary>ℓ per pair from h = (log-ratio of chosen) − (log-ratio of rejected), [pairs].</summary>
    static Tensor PairLosses(LossOptions options, Tensor h) => options.LossType switch
    {
        LossType.Sigmoid => Logistic(options.Beta * h, options.LabelSmoothing),
        LossType.Ipo => (h - 1 / (2 * options.Beta)).square(),
        LossType.Hinge => relu(1 - options.Beta * h),
        LossType.Simpo => Logistic(options.Beta * h - options.Gamma, options.LabelSmoothing),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.LossType, null),
    };

    /// <summary>−log σ(x)·(1 − ε) − log σ(−x)·ε: the logistic loss with a rate ε of flipped labels (cDPO).</summary>
    static Tensor Logistic(Tensor x, double labelSmoothing) =>
        -logsigmoid(x) * (1 - labelSmoothing) - logsigmoid(-x) * labelSmoothing;

    static void Validate(SequenceScores policy, Tensor? referenceSummedLogps, LossOptions options)
    {
        options.Validate();
        if (policy.Rows < 2 || policy.Rows % 2 != 0)
            throw new WpoException($"policy scores: expected 2·pairs rows (chosen rows first, then rejected), got {policy.Rows} rows.");
        if (referenceSummedLogps is null && options.LossType is not (LossType.Simpo or LossType.Sft))
            throw new WpoException($"loss_type {options.LossType.ToString().ToLowerInvariant()} needs the reference model's log-probs of every row; only simpo and sft are reference-free.");
        if (referenceSummedLogps is not null && (referenceSummedLogps.dim() != 1 || referenceSummedLogps.shape[0] != policy.Rows))
            throw new WpoException($"reference log-probs: expected [{policy.Rows}] (one per row), got [{string.Join(", ", referenceSummedLogps.shape)}].");
    }
}
