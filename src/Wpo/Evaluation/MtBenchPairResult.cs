namespace Wpo.Evaluation;

/// <summary>
/// One pairwise MT-bench match as FastChat's <c>play_a_match_pair</c> records it: the judge's verdict with model 1
/// as assistant A (game 1) and with the order swapped (game 2), each mapped to <c>model_1</c>, <c>model_2</c>,
/// <c>tie</c> or <c>error</c>.
/// </summary>
public sealed record MtBenchPairResult(int QuestionId, int Turn, string G1Winner, string G2Winner)
{
    /// <summary>Game 1's verdict (model 1 shown as A) as a winner name.</summary>
    public static string Game1Winner(PairVerdict verdict) => verdict switch
    {
        PairVerdict.A => "model_1",
        PairVerdict.B => "model_2",
        PairVerdict.Tie => "tie",
        _ => "error",
    };

    /// <summary>Game 2's verdict (model 2 shown as A) as a winner name.</summary>
    public static string Game2Winner(PairVerdict verdict) => verdict switch
    {
        PairVerdict.A => "model_2",
        PairVerdict.B => "model_1",
        PairVerdict.Tie => "tie",
        _ => "error",
    };

    /// <summary>A parse failure in either game: FastChat's <c>show_result.py</c> leaves the match out.</summary>
    public bool IsError => G1Winner == "error" || G2Winner == "error";

    /// <summary>The match's outcome for model 1: "win", "loss", or "tie" when game 1 is a tie or the two games disagree.</summary>
    public string Outcome => G1Winner == "tie" || G1Winner != G2Winner ? "tie" : G1Winner == "model_1" ? "win" : "loss";
}

/// <summary>
/// Model 1's pairwise record as FastChat's <c>show_result.py --mode pairwise-all</c> counts it: matches with an error
/// left out, win_rate = win / n, loss_rate = loss / n, win_rate_adjusted = (win + 0.5 tie) / n.
/// </summary>
public sealed record MtBenchWinRate(int Win, int Loss, int Tie, int Errors)
{
    public int Total => Win + Loss + Tie;

    public double WinRate => (double)Win / Total;

    public double LossRate => (double)Loss / Total;

    /// <summary>The win rate with a tie counted as half a win.</summary>
    public double WinRateAdjusted => (Win + 0.5 * Tie) / Total;

    public static MtBenchWinRate Of(IReadOnlyList<MtBenchPairResult> results)
    {
        var counted = results.Where(r => !r.IsError).ToList();
        if (counted.Count == 0) throw new WpoException($"none of the {results.Count} pairwise matches has a verdict in both orders.");
        return new MtBenchWinRate(counted.Count(r => r.Outcome == "win"), counted.Count(r => r.Outcome == "loss"), counted.Count(r => r.Outcome == "tie"),
            results.Count - counted.Count);
    }
}
