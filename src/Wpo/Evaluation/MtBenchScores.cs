using System.Text.Json;

namespace Wpo.Evaluation;

/// <summary>One FastChat single-answer judgement row (<c>model_judgment/*_single.jsonl</c>).</summary>
public sealed record MtBenchJudgementRow(int QuestionId, string Model, string Judgment, double Score, int Turn);

/// <summary>
/// Single-answer MT-bench results as FastChat's <c>show_result.py</c> computes them: rows with score −1 (no rating
/// found) are left out and counted as parse failures; means per turn, per category and overall.
/// </summary>
public sealed record MtBenchScores(string Model, double Overall, IReadOnlyDictionary<int, double> ByTurn, IReadOnlyDictionary<string, double> ByCategory, int Rated, int ParseFailures)
{
    /// <summary>The question categories FastChat grades against a reference answer with its math judge prompts.</summary>
    public static readonly string[] ReferenceCategories = ["math", "reasoning", "coding"];

    /// <summary>FastChat's single-answer judge prompt for a question's category and turn (names of <c>judge_prompts.jsonl</c>).</summary>
    public static string JudgePromptName(string category, int turn) =>
        (ReferenceCategories.Contains(category) ? "single-math-v1" : "single-v1") + (turn == 2 ? "-multi-turn" : "");

    /// <summary>Reads a judgement file in FastChat's JSONL layout; a bad line is a <see cref="WpoException"/> naming it.</summary>
    public static IReadOnlyList<MtBenchJudgementRow> ReadJudgements(string path) =>
        JsonLines(path, (line, row) => new MtBenchJudgementRow(
            row.GetProperty("question_id").GetInt32(), row.GetProperty("model").GetString()!,
            row.GetProperty("judgment").GetString()!, row.GetProperty("score").GetDouble(), row.GetProperty("turn").GetInt32()));

    /// <summary>Question id → category, from FastChat's <c>question.jsonl</c>.</summary>
    public static IReadOnlyDictionary<int, string> ReadCategories(string path) =>
        JsonLines(path, (line, row) => (Id: row.GetProperty("question_id").GetInt32(), Category: row.GetProperty("category").GetString()!))
            .ToDictionary(q => q.Id, q => q.Category);

    /// <summary>The scores of one model's judgements; a question missing from <paramref name="categories"/> is a <see cref="WpoException"/>.</summary>
    public static MtBenchScores Of(IReadOnlyList<MtBenchJudgementRow> rows, IReadOnlyDictionary<int, string> categories)
    {
        var models = rows.Select(r => r.Model).Distinct().ToList();
        if (models.Count != 1) throw new WpoException($"the judgements name {models.Count} models ({string.Join(", ", models.Take(3))}); give one model's file");
        var rated = rows.Where(r => r.Score != MtBenchJudgment.NoRating).ToList();
        if (rated.Count == 0) throw new WpoException($"none of the {rows.Count} judgements has a rating");
        string Category(MtBenchJudgementRow r) => categories.TryGetValue(r.QuestionId, out var c) ? c : throw new WpoException($"question {r.QuestionId} is not in the question file");
        return new MtBenchScores(models[0], rated.Average(r => r.Score),
            rated.GroupBy(r => r.Turn).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Average(r => r.Score)),
            rated.GroupBy(Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(r => r.Score)),
            rated.Count, rows.Count - rated.Count);
    }

    static List<T> JsonLines<T>(string path, Func<int, JsonElement, T> read)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: no such file");
        var result = new List<T>();
        int number = 0;
        foreach (string text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var document = JsonDocument.Parse(text);
                result.Add(read(number, document.RootElement));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new WpoException($"{path}: line {number}: {e.Message}", e);
            }
        }
        return result;
    }
}
