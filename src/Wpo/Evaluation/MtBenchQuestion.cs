namespace Wpo.Evaluation;

/// <summary>One MT-bench question of FastChat's <c>question.jsonl</c>: its id, category and user turns.</summary>
public sealed record MtBenchQuestion(int QuestionId, string Category, IReadOnlyList<string> Turns)
{
    /// <summary>The categories FastChat judges against a reference answer (<c>NEED_REF_CATS</c> of <c>common.py</c>).</summary>
    public static readonly string[] ReferenceCategories = ["math", "reasoning", "coding", "arena-hard-200"];

    public bool NeedsReference => ReferenceCategories.Contains(Category);

    /// <summary>The questions of a <c>question.jsonl</c>; a bad row is a <see cref="WpoException"/> naming it.</summary>
    public static IReadOnlyList<MtBenchQuestion> Read(string path) =>
        MtBenchRows.Read(path, row => new MtBenchQuestion(MtBenchRows.Int(row, "question_id"), MtBenchRows.Text(row, "category"), MtBenchRows.Texts(row, "turns")));

    /// <summary>Question id → the reference answer's turns, from FastChat's <c>reference_answer/gpt-4.jsonl</c>.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<string>> ReadReferences(string path) =>
        MtBenchRows.Read(path, row => (Id: MtBenchRows.Int(row, "question_id"), Turns: MtBenchRows.FirstChoiceTurns(row)))
            .GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().Turns);
}
