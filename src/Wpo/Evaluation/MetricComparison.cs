namespace Wpo.Evaluation;

/// <summary>One metric of two evaluated runs side by side.</summary>
/// <param name="Key">The metric's name in the files.</param>
/// <param name="A">Run A's value.</param>
/// <param name="B">Run B's value.</param>
/// <param name="CombinedError">√(se_A² + se_B²) where the files hold the metric's standard error, else null.</param>
public sealed record MetricComparison(string Key, double A, double B, double? CombinedError)
{
    /// <summary>The standard-error field of each metric that has one (AlpacaEval's names).</summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorOf = new Dictionary<string, string>
    {
        ["win_rate"] = "standard_error",
        ["length_controlled_winrate"] = "lc_standard_error",
    };

    /// <summary>B − A.</summary>
    public double Difference => B - A;

    /// <summary>Whether |B − A| exceeds the combined standard error (null when there is none).</summary>
    public bool? ExceedsError => CombinedError is { } error ? Math.Abs(Difference) > error : null;

    /// <summary>Every numeric metric both files hold, in run A's order (standard errors folded into their metric).</summary>
    public static IReadOnlyList<MetricComparison> Of(IReadOnlyList<(string Key, double Value)> a, IReadOnlyList<(string Key, double Value)> b)
    {
        var inA = a.ToDictionary(p => p.Key, p => p.Value);
        var inB = b.ToDictionary(p => p.Key, p => p.Value);
        var errors = ErrorOf.Values.ToHashSet();
        return a.Where(p => inB.ContainsKey(p.Key) && !errors.Contains(p.Key))
            .Select(p => new MetricComparison(p.Key, p.Value, inB[p.Key],
                ErrorOf.TryGetValue(p.Key, out var se) && inA.TryGetValue(se, out var seA) && inB.TryGetValue(se, out var seB)
                    ? Math.Sqrt(seA * seA + seB * seB)
                    : null))
            .ToList();
    }
}
