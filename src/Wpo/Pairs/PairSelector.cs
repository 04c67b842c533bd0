namespace Wpo.Pairs;

/// <summary>One scored output of a prompt; <paramref name="Length"/> is its length in tokens (needed by the v2 rule only).</summary>
public sealed record Candidate(string Text, double Score, int? Length);

/// <summary>
/// The pair one prompt yields, or why it yields none (<paramref name="Dropped"/>), and the ties that had to be broken
/// (descriptions such as "top tie → shortest").
/// </summary>
public sealed record PairChoice(int Chosen, int Rejected, string? Dropped, IReadOnlyList<string> Ties)
{
    public static PairChoice Drop(string reason) => new(-1, -1, reason, []);
}

/// <summary>Picks chosen and rejected among one prompt's candidates by a <see cref="PairRule"/>.</summary>
public static class PairSelector
{
    public const string TooFew = "fewer than 2 scored outputs";
    public const string BelowThreshold = "top score below the threshold";
    public const string NoneLower = "no output scores at least the margin lower";
    public const string NoGap = "no score gap (max − min below the margin or zero)";

    public static PairChoice Select(IReadOnlyList<Candidate> candidates, PairOptions options, Random random)
    {
        if (candidates.Count < 2) return PairChoice.Drop(TooFew);
        double top = candidates.Max(c => c.Score);
        if (options.Threshold is double threshold && top < threshold) return PairChoice.Drop(BelowThreshold);
        int[] best = Indices(candidates, c => c.Score == top);
        var ties = new List<string>();
        if (options.Rule == PairRule.Paper)
        {
            double margin = options.Margin ?? 1;
            int chosen = best[best.Length == 1 ? 0 : random.Next(best.Length)];
            if (best.Length > 1) ties.Add("top tie → random");
            int[] lower = [.. Indices(candidates, c => c.Score <= top - margin).Where(i => i != chosen)];
            return lower.Length == 0 ? PairChoice.Drop(NoneLower) : new PairChoice(chosen, lower[random.Next(lower.Length)], null, ties);
        }
        double bottom = candidates.Min(c => c.Score);
        if (top - bottom <= 0 || (options.Margin is double gap && top - bottom < gap)) return PairChoice.Drop(NoGap);
        int[] worst = Indices(candidates, c => c.Score == bottom);
        if (options.Rule == PairRule.MaxMin)
        {
            if (best.Length > 1) ties.Add("top tie → first");
            if (worst.Length > 1) ties.Add("bottom tie → first");
            return new PairChoice(best[0], worst[0], null, ties);
        }
        int picked = best.Length == 1 ? best[0] : Nearest(candidates, best, 0, "top tie → shortest", ties);
        int rejected = worst.Length == 1 ? worst[0] : Nearest(candidates, worst, Length(candidates[picked]), "bottom tie → closest length", ties);
        return new PairChoice(picked, rejected, null, ties);
    }

    /// <summary>Of <paramref name="tied"/>, the one whose length is closest to <paramref name="target"/> (0: the shortest); then the first.</summary>
    static int Nearest(IReadOnlyList<Candidate> candidates, int[] tied, int target, string rule, List<string> ties)
    {
        var distances = tied.Select(i => Math.Abs(Length(candidates[i]) - target)).ToArray();
        int nearest = distances.Min();
        ties.Add(distances.Count(d => d == nearest) > 1 ? rule + ", then first" : rule);
        return tied[Array.IndexOf(distances, nearest)];
    }

    static int Length(Candidate candidate) =>
        candidate.Length ?? throw new InvalidOperationException("the v2 rule needs every candidate's length.");

    static int[] Indices(IReadOnlyList<Candidate> candidates, Func<Candidate, bool> keep) =>
        [.. Enumerable.Range(0, candidates.Count).Where(i => keep(candidates[i]))];
}
