namespace Wpo.Pairs;

/// <summary>What <c>wpo pairs</c> did: prompts in, pairs out, prompts dropped by reason, ties broken by rule, fallbacks.</summary>
public sealed class PairSummary
{
    public int PromptsIn { get; internal set; }
    public int PairsOut { get; internal set; }

    /// <summary>Prompts given their original off-policy pair (<c>--fallback</c>), included in <see cref="PairsOut"/>.</summary>
    public int Fallbacks { get; internal set; }

    /// <summary>Outputs without a score (a judge's parse failure), left out of the candidates.</summary>
    public int Unscored { get; internal set; }

    /// <summary>Prompts that took candidates from <c>--extra-outputs</c>, and how many candidates.</summary>
    public int PromptsWithExtras { get; internal set; }
    public int ExtraOutputs { get; internal set; }

    public SortedDictionary<string, int> Dropped { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> Ties { get; } = new(StringComparer.Ordinal);

    internal static void Add(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
