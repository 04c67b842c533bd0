using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The WPO pair weight: how likely the pair is under the current policy, from the aligned mean token
/// log-probabilities a(x, y) of <see cref="SequenceScores.AlignedMeanLogps"/> (paper Eq. 2). Always detached.
/// </summary>
public static class WpoWeights
{
    /// <summary>
    /// w = exp(a_w + a_l) (or one side, by <paramref name="mode"/>), clamped at 1 when <paramref name="clampAtOne"/>
    /// (the released code clamps; the paper and newer TRL releases do not).
    /// </summary>
    /// <param name="alignedChosen">[pairs]: a(x, y_w).</param>
    /// <param name="alignedRejected">[pairs]: a(x, y_l).</param>
    /// <param name="mode">Both responses, or one side.</param>
    /// <param name="clampAtOne">min(1, w).</param>
    /// <returns>[pairs], detached, in the dtype of the aligned log-probs.</returns>
    public static Tensor Compute(Tensor alignedChosen, Tensor alignedRejected, WeightMode mode, bool clampAtOne)
    {
        if (!alignedChosen.shape.SequenceEqual(alignedRejected.shape) || alignedChosen.dim() != 1)
            throw new WpoException(
                $"WPO weights: aligned log-probs of chosen [{string.Join(", ", alignedChosen.shape)}] and rejected " +
                $"[{string.Join(", ", alignedRejected.shape)}] must both be [pairs].");
        using var noGrad = no_grad();
        var exponent = mode switch
        {
            WeightMode.Both => alignedChosen + alignedRejected,
            WeightMode.ChosenOnly => alignedChosen.clone(),
            WeightMode.RejectedOnly => alignedRejected.clone(),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
        // min(1, exp(a)) = exp(min(0, a)), which cannot overflow.
        return (clampAtOne ? exponent.clamp_max(0) : exponent).exp().detach();
    }
}
