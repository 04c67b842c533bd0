using System.Text.Json.Nodes;

namespace Wpo.Evaluation;

/// <summary>
/// An <see cref="AlpacaMetrics"/> as a JSON object with AlpacaEval's leaderboard column names (plus
/// <c>generator</c>, <c>baseline</c> and the difficulty table used, when LC was computed), written atomically.
/// </summary>
public static class AlpacaMetricsFile
{
    /// <summary>The JSON object of <paramref name="metrics"/>; <paramref name="difficultyPath"/> names the difficulty table behind LC.</summary>
    public static JsonObject ToJson(AlpacaMetrics metrics, string? difficultyPath)
    {
        var h = metrics.HeadToHead;
        var json = new JsonObject
        {
            ["generator"] = metrics.Model,
            ["baseline"] = metrics.Baseline,
            ["win_rate"] = h.WinRate,
            ["standard_error"] = h.StandardError,
            ["n_wins"] = h.NWins,
            ["n_wins_base"] = h.NWinsBase,
            ["n_draws"] = h.NDraws,
            ["n_total"] = h.NTotal,
            ["discrete_win_rate"] = h.DiscreteWinRate,
            ["avg_length"] = metrics.AvgLength,
        };
        if (metrics.LengthControlledWinRate is { } lc)
        {
            json["length_controlled_winrate"] = lc;
            json["lc_standard_error"] = metrics.LcStandardError;
            json["instruction_difficulty"] = difficultyPath;
        }
        return json;
    }

    /// <summary>Writes the metrics to <paramref name="path"/> (a temporary file renamed when complete).</summary>
    public static void Write(string path, AlpacaMetrics metrics, string? difficultyPath) => EvaluationJson.Write(path, ToJson(metrics, difficultyPath));
}
