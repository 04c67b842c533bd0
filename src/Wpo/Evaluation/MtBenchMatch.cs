using Wpo.Text;

namespace Wpo.Evaluation;

/// <summary>
/// One judge request of FastChat's <c>gen_judgment.py</c>: the question, the turn judged (1, or 2 = the whole
/// conversation with FastChat's multi-turn prompts), the prompt's name and the system and user messages as
/// <c>run_judge_single</c> / <c>run_judge_pair</c> send them.
/// </summary>
public sealed record MtBenchMatch(MtBenchQuestion Question, int Turn, string PromptName, string SystemPrompt, string UserPrompt)
{
    /// <summary>The messages sent to the judge: the prompt's system message, then the user prompt.</summary>
    public IReadOnlyList<ChatMessage> Messages => [new ChatMessage("system", SystemPrompt), new ChatMessage("user", UserPrompt)];

    /// <summary>
    /// Single-answer grading of <paramref name="answer"/>'s turn (<c>single-v1</c>, <c>single-math-v1</c> for the
    /// reference categories, <c>-multi-turn</c> for turn 2).
    /// </summary>
    public static MtBenchMatch Single(IReadOnlyDictionary<string, MtBenchJudgePrompt> prompts, MtBenchQuestion question, IReadOnlyList<string> answer,
        IReadOnlyList<string>? reference, int turn)
    {
        var fields = References(question, reference, turn);
        AddTurns(fields, question.QuestionId, "question", question.Turns, turn);
        AddTurns(fields, question.QuestionId, "answer", answer, turn);
        return Of(prompts, question, turn, question.NeedsReference ? "single-math-v1" : "single-v1", fields);
    }

    /// <summary>Pairwise grading of assistant A against assistant B (<c>pair-v2</c>, <c>pair-math-v1</c>, <c>-multi-turn</c> for turn 2).</summary>
    public static MtBenchMatch Pair(IReadOnlyDictionary<string, MtBenchJudgePrompt> prompts, MtBenchQuestion question, IReadOnlyList<string> answerA,
        IReadOnlyList<string> answerB, IReadOnlyList<string>? reference, int turn)
    {
        var fields = References(question, reference, turn);
        AddTurns(fields, question.QuestionId, "question", question.Turns, turn);
        AddTurns(fields, question.QuestionId, "answer_a", answerA, turn);
        AddTurns(fields, question.QuestionId, "answer_b", answerB, turn);
        return Of(prompts, question, turn, question.NeedsReference ? "pair-math-v1" : "pair-v2", fields);
    }

    /// <summary>The turns FastChat judges for a question: 1, and 2 when the question has a second turn.</summary>
    public static IEnumerable<int> TurnsOf(MtBenchQuestion question) => question.Turns.Count >= 2 ? [1, 2] : [1];

    /// <summary>FastChat's template fields of one side: <c>NAME</c> for turn 1, <c>NAME_1</c> and <c>NAME_2</c> for the whole conversation.</summary>
    static void AddTurns(Dictionary<string, string> fields, int questionId, string name, IReadOnlyList<string> turns, int turn)
    {
        if (turns.Count < turn) throw new WpoException($"question {questionId}: the {name} has {turns.Count} turns, and turn {turn} is judged.");
        if (turn == 1)
        {
            fields[name] = turns[0];
            return;
        }
        fields[name + "_1"] = turns[0];
        fields[name + "_2"] = turns[1];
    }

    static Dictionary<string, string> References(MtBenchQuestion question, IReadOnlyList<string>? reference, int turn)
    {
        var fields = new Dictionary<string, string>();
        if (!question.NeedsReference) return fields;
        if (reference is null || reference.Count < turn)
            throw new WpoException($"question {question.QuestionId} ({question.Category}) needs a reference answer with {turn} turns; the reference file has none.");
        fields["ref_answer_1"] = reference[0];
        if (turn == 2) fields["ref_answer_2"] = reference[1];
        return fields;
    }

    static MtBenchMatch Of(IReadOnlyDictionary<string, MtBenchJudgePrompt> prompts, MtBenchQuestion question, int turn, string name, Dictionary<string, string> fields)
    {
        if (turn == 2) name += "-multi-turn";
        var prompt = prompts.TryGetValue(name, out var found) ? found : throw new WpoException($"the judge prompts have no '{name}'.");
        return new MtBenchMatch(question, turn, name, prompt.SystemPrompt, prompt.Format(fields));
    }
}
