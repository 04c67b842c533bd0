using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>What <see cref="PreferenceLoss.Compute"/> returns.</summary>
/// <param name="Loss">Scalar float64 to call backward on: mean over pairs of w·ℓ, plus the SFT term if any.</param>
/// <param name="PerPairLosses">[pairs] float64, detached: ℓ before weighting.</param>
/// <param name="PairWeights">[pairs] float64, detached: w (all ones when WPO is off).</param>
/// <param name="RewardsChosen">[pairs] float64, detached: the implicit reward of each chosen response; null for sft without a reference.</param>
/// <param name="RewardsRejected">[pairs] float64, detached, likewise for the rejected responses.</param>
/// <param name="Metrics">The reference trainer's logged values (<c>rewards/*</c>, <c>logps/*</c>, <c>logits/*</c>) plus <c>wpo/weight_*</c>.</param>
public sealed record PreferenceLossResult(
    Tensor Loss,
    Tensor PerPairLosses,
    Tensor PairWeights,
    Tensor? RewardsChosen,
    Tensor? RewardsRejected,
    IReadOnlyDictionary<string, double> Metrics);
