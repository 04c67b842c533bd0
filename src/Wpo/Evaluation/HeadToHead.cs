namespace Wpo.Evaluation;

/// <summary>
/// AlpacaEval's head-to-head metrics (<c>metrics/winrate.py</c> get_winrate): the weighted win rate of the
/// absolute scoring rule with its standard error and counts, and the discrete win rate of the zero-one rule.
/// </summary>
public sealed record HeadToHead(
    double WinRate,
    double StandardError,
    int NWins,
    int NWinsBase,
    int NDraws,
    int NTotal,
    double DiscreteWinRate)
{
    /// <summary>
    /// The metrics of a sequence of preferences (1 = baseline, 2 = model, 0 or 1.5 = tie, null = missing, dropped).
    /// Win rate = 100 · mean(p − 1) over the rows with a preference; standard error = 100 · the sample standard
    /// deviation / √n (pandas' sem); a win is p − 1 &gt; 0.5. The discrete rate first rounds each preference
    /// (ties stay ties) and is (wins + ties / 2) / n.
    /// </summary>
    public static HeadToHead Of(IEnumerable<double?> preferences)
    {
        var present = preferences.Where(p => p is not null).Select(p => p!.Value == 0 ? 1.5 : p.Value).ToList();
        if (present.Count == 0) throw new WpoException("no annotation has a preference: no win rate can be computed");
        var shifted = present.Select(p => p - 1).ToList();
        var discrete = present.Select(p => p == 1.5 ? 0.5 : Math.Round(p, MidpointRounding.ToEven) - 1).ToList();
        return new HeadToHead(
            WinRate: 100 * shifted.Average(),
            StandardError: 100 * Statistics.StandardErrorOfMean(shifted),
            NWins: shifted.Count(p => p > 0.5),
            NWinsBase: shifted.Count(p => p < 0.5),
            NDraws: present.Count(p => p == 1.5),
            NTotal: present.Count,
            DiscreteWinRate: 100 * discrete.Average());
    }
}
