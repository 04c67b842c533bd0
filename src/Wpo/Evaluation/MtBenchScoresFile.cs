using System.Text.Json.Nodes;

namespace Wpo.Evaluation;

/// <summary>An <see cref="MtBenchScores"/> as a flat JSON object (<c>mt_bench_score</c>, <c>mt_bench_turn_N</c>, <c>mt_bench_CATEGORY</c> when any row is rated; the counts), written atomically.</summary>
public static class MtBenchScoresFile
{
    /// <summary>The flat JSON object of the scores.</summary>
    public static JsonObject ToJson(MtBenchScores scores)
    {
        var json = new JsonObject { ["model"] = scores.Model };
        if (scores.Rated > 0) json["mt_bench_score"] = scores.Overall;
        foreach (var (turn, mean) in scores.ByTurn) json[$"mt_bench_turn_{turn}"] = mean;
        foreach (var (category, mean) in scores.ByCategory) json[$"mt_bench_{category}"] = mean;
        json["mt_bench_rated"] = scores.Rated;
        json["mt_bench_parse_failures"] = scores.ParseFailures;
        return json;
    }

    /// <summary>Writes the scores to <paramref name="path"/> (a temporary file renamed when complete).</summary>
    public static void Write(string path, MtBenchScores scores) => EvaluationJson.Write(path, ToJson(scores));
}
