namespace Wpo.Objectives;

/// <summary>Which responses of a pair enter the WPO pair weight (paper §5: WPO, and the one-sided WPO_w / WPO_l ablations).</summary>
public enum WeightMode
{
    /// <summary>w = exp(a(x, y_w) + a(x, y_l)): the paper's WPO.</summary>
    Both,

    /// <summary>w = exp(a(x, y_w)): only the chosen response is weighted (WPO_w).</summary>
    ChosenOnly,

    /// <summary>w = exp(a(x, y_l)): only the rejected response is weighted (WPO_l).</summary>
    RejectedOnly,
}
