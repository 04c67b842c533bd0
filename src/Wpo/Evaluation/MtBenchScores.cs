using Wpo.Data;

namespace Wpo.Evaluation;

/// <summary>One FastChat single-answer judgement row (<c>model_judgment/*_single.jsonl</c>).</summary>
public sealed record MtBenchJudgementRow(int QuestionId, string Model, string Judgment, double Score, int Turn)
{
    /// <summary>The row's fields; a missing or mistyped one is a <see cref="WpoException"/> naming the file, row and key.</summary>
    public static MtBenchJudgementRow From(RawRow row) => new(MtBenchRows.Int(row, "question_id"), MtBenchRows.Text(row, "model"),
        MtBenchRows.Text(row, "judgment"), MtBenchRows.Number(row, "score"), MtBenchRows.Int(row, "turn"));
}

/// <summary>
/// Single-answer MT-bench results as FastChat's <c>show_result.py</c> computes them: rows with score −1 (no rating
/// found) are left out and counted as parse failures; means per turn, per category and overall (<see cref="Overall"/>
/// NaN and no turn or category means when no row has a rating).
/// </summary>
public sealed record MtBenchScores(string Model, double Overall, IReadOnlyDictionary<int, double> ByTurn, IReadOnlyDictionary<string, double> ByCategory, int Rated, int ParseFailures)
{
    /// <summary>Reads a judgement file in FastChat's JSONL layout; a bad row is a <see cref="WpoException"/> naming the file, row and key.</summary>
    public static IReadOnlyList<MtBenchJudgementRow> ReadJudgements(string path) => MtBenchRows.Read(path, MtBenchJudgementRow.From);

    /// <summary>Question id → category, from FastChat's <c>question.jsonl</c>.</summary>
    public static IReadOnlyDictionary<int, string> ReadCategories(string path) =>
        MtBenchQuestion.Read(path).ToDictionary(q => q.QuestionId, q => q.Category);

    /// <summary>The scores of one model's judgements; a question missing from <paramref name="categories"/> is a <see cref="WpoException"/>.</summary>
    public static MtBenchScores Of(IReadOnlyList<MtBenchJudgementRow> rows, IReadOnlyDictionary<int, string> categories)
    {
        var models = rows.Select(r => r.Model).Distinct().ToList();
        if (models.Count != 1) throw new WpoException($"the judgements name {models.Count} models ({string.Join(", ", models.Take(3))}); give one model's file");
        var rated = rows.Where(r => r.Score != MtBenchJudgment.NoRating).ToList();
        string Category(MtBenchJudgementRow r) => categories.TryGetValue(r.QuestionId, out var c) ? c : throw new WpoException($"question {r.QuestionId} is not in the question file");
        return new MtBenchScores(models[0], rated.Count == 0 ? double.NaN : rated.Average(r => r.Score),
            rated.GroupBy(r => r.Turn).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Average(r => r.Score)),
            rated.GroupBy(Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(r => r.Score)),
            rated.Count, rows.Count - rated.Count);
    }
}
