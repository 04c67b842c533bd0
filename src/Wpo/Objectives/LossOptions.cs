namespace Wpo.Objectives;

/// <summary>Settings of <see cref="PreferenceLoss.Compute"/>, named after the seed's YAML keys where it has them.</summary>
public sealed record LossOptions
{
    /// <summary><c>loss_type</c>.</summary>
    public LossType LossType { get; init; } = LossType.Sigmoid;

    /// <summary><c>beta</c> β &gt; 0 (TRL's default 0.1; both released WPO recipes use 0.01).</summary>
    public double Beta { get; init; } = 0.1;

    /// <summary><c>label_smoothing</c> ε in [0, 0.5): the assumed rate of flipped preferences (sigmoid and simpo).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>SimPO's target reward margin γ (used by <see cref="LossType.Simpo"/> only).</summary>
    public double Gamma { get; init; }

    /// <summary>Multiply each pair's loss by the WPO pair weight; false gives the unweighted objective (plain DPO). No effect on sft.</summary>
    public bool Wpo { get; init; } = true;

    /// <summary>Which responses enter the pair weight.</summary>
    public WeightMode WeightMode { get; init; } = WeightMode.Both;

    /// <summary>Clamp the pair weight at 1, as the released WPO code does (default on).</summary>
    public bool ClampWeightAtOne { get; init; } = true;

    /// <summary>Adds this multiple of the chosen responses' mean token NLL to a preference loss (0: none).</summary>
    public double SftCoefficient { get; init; }

    /// <summary>Checks the settings on their own (no data needed), so that a run can refuse them before it starts.</summary>
    public void Validate()
    {
        string type = LossType.ToString().ToLowerInvariant();
        if (!(Beta > 0 && double.IsFinite(Beta)))
            throw new WpoException($"beta must be a positive number, got {Beta}.");
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 0.5))
            throw new WpoException($"label_smoothing must lie in [0, 0.5), got {LabelSmoothing}.");
        if (LabelSmoothing != 0 && LossType is not (LossType.Sigmoid or LossType.Simpo))
            throw new WpoException($"label_smoothing applies to the sigmoid and simpo losses, not to {type}; set it to 0.");
        if (Gamma != 0 && LossType != LossType.Simpo)
            throw new WpoException($"gamma is SimPO's reward margin and applies to loss_type simpo only, not to {type}; set it to 0.");
        if (!(SftCoefficient >= 0 && double.IsFinite(SftCoefficient)))
            throw new WpoException($"the SFT coefficient must be a non-negative number, got {SftCoefficient}.");
        if (SftCoefficient != 0 && LossType == LossType.Sft)
            throw new WpoException("loss_type sft is the chosen responses' NLL alone; the SFT coefficient adds it to a preference loss, so set it to 0.");
    }
}
