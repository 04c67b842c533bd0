using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The math over one block of logits, done in place so that a block costs nothing beyond its buffers: the raw
/// logits h·Wᵀ in the input dtype, and a work buffer in the compute dtype (float32, or float64 for float64 inputs).
/// </summary>
internal static class LogitChunk
{
    /// <summary>work = the final logits of <paramref name="raw"/> in the compute dtype, soft-capped (c·tanh(z/c)) when set.</summary>
    /// <param name="raw">[b, V] raw logits.</param>
    /// <param name="work">[b, V] buffer in the compute dtype.</param>
    /// <param name="softcap">c, or null for no capping.</param>
    public static void FinalLogits(Tensor raw, Tensor work, double? softcap)
    {
        work.copy_(raw);
        if (softcap is double cap) work.div_(cap).tanh_().mul_(cap);
    }

    /// <summary>
    /// Per position of a block of final logits z = <paramref name="work"/> [b, V]: log p(label), log D of the
    /// alignment and logsumexp(z), each [b]. Overwrites <paramref name="work"/>.
    /// </summary>
    /// <param name="work">[b, V] final logits; overwritten.</param>
    /// <param name="labels">[b] int64.</param>
    /// <param name="alignment">Which log D to compute.</param>
    public static (Tensor Logps, Tensor LogAlignmentDenominators, Tensor LogSumExp) Statistics(
        Tensor work, Tensor labels, Alignment alignment)
    {
        var labelLogits = work.gather(1, labels.unsqueeze(1)).squeeze(1);
        var max = work.amax([1], keepdim: true);
        var shiftedLogSum = work.sub_(max).exp_().sum(1).log_();
        var logSumExp = max.squeeze(1) + shiftedLogSum;
        // With s = z − max z: log Σp² = logsumexp(2z) − 2·logsumexp(z) = log Σ exp(2s) − 2·log Σ exp(s), and
        // log max p = max z − logsumexp(z) = −log Σ exp(s); every exp(s) lies in (0, 1], so peaked logits stay finite.
        var logAlignmentDenominators = alignment switch
        {
            Alignment.Sampled => work.mul_(work).sum(1).log_() - 2 * shiftedLogSum,
            Alignment.Greedy => shiftedLogSum.neg(),
            _ => zeros_like(shiftedLogSum),
        };
        // (z_y − max z) − log Σ exp(s), not z_y − logsumexp(z): for a confident token log p is tiny next to z, and
        // z_y − logsumexp(z) would keep only the bits of log p that survive rounding at the scale of z.
        return ((labelLogits - max.squeeze(1)).sub_(shiftedLogSum), logAlignmentDenominators, logSumExp);
    }

    /// <summary>
    /// Turns the final logits in <paramref name="work"/> [b, V] into ∂loss/∂(raw logits) = g·(onehot(label) − p),
    /// chained through the soft-cap by 1 − tanh²(raw/c) = 1 − (z/c)², computed from the final logits in the compute
    /// dtype: in a 16-bit buffer, 1 − tanh² near the cap would keep only a few bits. Only log p(label) needs a
    /// gradient: the alignment term enters the detached WPO weight alone.
    /// </summary>
    /// <param name="work">[b, V] final logits; overwritten with the gradient.</param>
    /// <param name="raw">[b, V] raw logits; overwritten with the soft-cap's derivative when soft-capped.</param>
    /// <param name="labels">[b] int64.</param>
    /// <param name="logSumExp">[b], saved from the forward pass.</param>
    /// <param name="upstream">[b]: ∂loss/∂log p(label), in the compute dtype.</param>
    /// <param name="softcap">c, or null for no capping.</param>
    public static void LogpGradient(Tensor work, Tensor raw, Tensor labels, Tensor logSumExp, Tensor upstream, double? softcap)
    {
        // Mixed-dtype addcmul_ computes in float32 and rounds only its result into the raw buffer.
        if (softcap is double cap) raw.fill_(1).addcmul_(work, work, -1 / (cap * cap));
        var column = upstream.unsqueeze(1);
        work.sub_(logSumExp.unsqueeze(1)).exp_().mul_(column.neg());
        work.scatter_add_(1, labels.unsqueeze(1), column);
        if (softcap is not null) work.mul_(raw);
    }
}
