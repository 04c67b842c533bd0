namespace Wpo.Objectives;

/// <summary>The per-pair objective (TRL <c>loss_type</c> names); WPO multiplies each by the pair weight.</summary>
public enum LossType
{
    /// <summary>DPO: −log σ(β·h)·(1 − ε) − log σ(−β·h)·ε, h = the log-ratio difference of summed log-probs.</summary>
    Sigmoid,

    /// <summary>IPO: (h − 1/(2β))², h from length-averaged log-probs (policy and reference).</summary>
    Ipo,

    /// <summary>Hinge (SLiC): relu(1 − β·h).</summary>
    Hinge,

    /// <summary>SimPO, reference-free: −log σ(β·(ā_w − ā_l) − γ) with average log-probs ā (label smoothing as in SimPO's trainer).</summary>
    Simpo,

    /// <summary>Supervised fine-tuning on the chosen response alone: its mean token negative log-likelihood.</summary>
    Sft,
}
