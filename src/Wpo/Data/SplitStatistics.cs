namespace Wpo.Data;

/// <summary>Percentiles of a set of token counts (nearest rank).</summary>
public sealed record LengthPercentiles(int Min, int P50, int P90, int P95, int P99, int Max, double Mean)
{
    public static LengthPercentiles Of(IEnumerable<int> lengths)
    {
        int[] sorted = lengths.Order().ToArray();
        if (sorted.Length == 0) return new LengthPercentiles(0, 0, 0, 0, 0, 0, 0);
        int At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LengthPercentiles(sorted[0], At(50), At(90), At(95), At(99), sorted[^1], sorted.Average());
    }
}

/// <summary>What <c>wpo data inspect</c> reports for a split: token lengths before truncation and how many pairs were cut.</summary>
public sealed record SplitStatistics(int Pairs, LengthPercentiles Prompt, LengthPercentiles Chosen, LengthPercentiles Rejected, int PromptsTruncated, int AnswersTruncated)
{
    public static SplitStatistics Of(PreferenceSplit split) => new(
        split.Pairs.Count,
        LengthPercentiles.Of(split.Pairs.Select(pair => pair.Untruncated.Prompt)),
        LengthPercentiles.Of(split.Pairs.Select(pair => pair.Untruncated.Chosen)),
        LengthPercentiles.Of(split.Pairs.Select(pair => pair.Untruncated.Rejected)),
        split.Pairs.Count(pair => pair.PromptTruncated),
        split.Pairs.Count(pair => pair.AnswerTruncated));
}
