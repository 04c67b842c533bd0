namespace Wpo.Objectives;

/// <summary>
/// The alignment denominator D_t of the WPO weight (Zhou et al. 2024, §3): the aligned token log-probability is
/// log πθ(y_t | x, y_&lt;t) − log D_t, so that a response the policy would itself produce gets weight near 1.
/// </summary>
public enum Alignment
{
    /// <summary>D_t = Σ_v πθ(v)²: the expected probability of a token sampled from the policy (paper Eq. 2, the default).</summary>
    Sampled,

    /// <summary>D_t = max_v πθ(v): the probability of the greedy token (the paper's greedy ablation).</summary>
    Greedy,

    /// <summary>D_t = 1: the plain mean token log-probability (the paper's "no alignment" ablation).</summary>
    None,
}
