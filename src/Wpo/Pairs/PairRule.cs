namespace Wpo.Pairs;

/// <summary>How <c>wpo pairs</c> picks chosen and rejected among a prompt's scored outputs (FIDELITY §4).</summary>
public enum PairRule
{
    /// <summary>The paper's: chosen = a top-scoring output (ties drawn at random), rejected = a random output at least the margin (1) lower.</summary>
    Paper,
    /// <summary>The repository README's v2: rejected = the minimum; top ties → the shortest, bottom ties → the length closest to the chosen's.</summary>
    V2,
    /// <summary>Max/min (the Gemma 2 runs): ties go to the first output in the file.</summary>
    MaxMin,
}

/// <summary>The settings of one <c>wpo pairs</c> run.</summary>
/// <param name="Rule">How chosen and rejected are picked.</param>
/// <param name="Threshold">The chosen output must score at least this; null for no floor.</param>
/// <param name="Margin">How much lower the rejected must score: null is 1 for the paper's rule and "strictly lower" for the others.</param>
/// <param name="Seed">Seeds the paper rule's draws, per prompt (by its index), so a prompt's pair does not depend on the others.</param>
/// <param name="Fallback">A dropped prompt gets its original pair (the line's <c>original</c>) instead, when it has one.</param>
public sealed record PairOptions(PairRule Rule, double? Threshold = null, double? Margin = null, int Seed = 42, bool Fallback = false)
{
    public static PairRule ParseRule(string name) => name switch
    {
        "paper" => PairRule.Paper,
        "v2" => PairRule.V2,
        "maxmin" => PairRule.MaxMin,
        _ => throw new WpoException($"--rule {name}: use paper, v2 or maxmin."),
    };
}
