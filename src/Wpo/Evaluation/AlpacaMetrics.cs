namespace Wpo.Evaluation;

/// <summary>
/// One model's AlpacaEval metrics, with the leaderboard's column names: the head-to-head figures, avg_length
/// (the mean number of characters of the model's outputs, truncated, as AlpacaEval's leaderboard) and, when weights
/// are known, the length-controlled win rate with its standard error.
/// </summary>
public sealed record AlpacaMetrics(string Model, string Baseline, HeadToHead HeadToHead, int AvgLength, double? LengthControlledWinRate, double? LcStandardError)
{
    /// <summary>The head-to-head metrics and avg_length of a set of annotations of one model against one baseline.</summary>
    public static AlpacaMetrics Of(IReadOnlyList<AlpacaAnnotation> annotations)
    {
        string model = Single(annotations.Select(a => a.Generator2), "generator_2");
        string baseline = Single(annotations.Select(a => a.Generator1), "generator_1");
        int avgLength = (int)annotations.Average(a => Statistics.CodePoints(a.Output2));
        return new AlpacaMetrics(model, baseline, HeadToHead.Of(annotations.Select(a => a.Preference)), avgLength, null, null);
    }

    /// <summary>These metrics with a length-controlled win rate and its standard error.</summary>
    public AlpacaMetrics WithLengthControlled((double WinRate, double StandardError) lc) =>
        this with { LengthControlledWinRate = lc.WinRate, LcStandardError = lc.StandardError };

    static string Single(IEnumerable<string> names, string key)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1
            ? distinct[0]
            : throw new WpoException($"the annotations name {distinct.Count} different '{key}' ({string.Join(", ", distinct.Take(3))}…); AlpacaEval's metrics need one model against one baseline");
    }
}
