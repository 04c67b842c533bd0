using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Evaluation;
using Wpo.Judging;

namespace Wpo.Cli.Eval;

/// <summary>
/// FastChat's single-answer grading (<c>play_a_match_single</c>): each answered question's turn 1 and, with the
/// multi-turn prompts, turn 2, the rating parsed, rows in <c>model_judgment/JUDGE_single.jsonl</c>'s layout
/// (question_id, model, judge [judge, prompt], user_prompt, judgment, score, turn, tstamp). A rerun asks only the
/// (question, turn) pairs not in the file.
/// </summary>
static class MtBenchSingleJudging
{
    /// <summary>Judges what is missing and returns the judgements of <paramref name="answers"/>' questions; <paramref name="failed"/>: matches whose request failed.</summary>
    public static IReadOnlyList<MtBenchJudgementRow> Run(IAnsiConsole console, IMessageJudge judge, IReadOnlyDictionary<string, MtBenchJudgePrompt> prompts,
        IReadOnlyList<MtBenchQuestion> questions, IReadOnlyList<MtBenchAnswer> answers, IReadOnlyDictionary<int, IReadOnlyList<string>> references,
        string path, int chunkSize, out int failed, CancellationToken cancel)
    {
        string model = answers[0].ModelId;
        using (var journal = MtBenchJournal.Open(path))
        {
            var done = journal.Rows.Select(row =>
            {
                MtBenchJudging.RequireJudge(row, judge);
                return MtBenchJudgementRow.From(row).Model == model ? MtBenchJudging.Key(row)
                    : throw new WpoException($"{row.Origin}: a judgement of {MtBenchRows.Text(row, "model")}, not {model}; give another --output.");
            }).ToHashSet();
            var byQuestion = answers.ToDictionary(a => a.QuestionId);
            var pending = questions.SelectMany(q => MtBenchMatch.TurnsOf(q).Where(turn => !done.Contains((q.QuestionId, turn)))
                .Select(turn => MtBenchMatch.Single(prompts, q, byQuestion[q.QuestionId].Turns, references.GetValueOrDefault(q.QuestionId), turn))).ToList();
            console.WriteLine($"{path}: {done.Count} judgements already made; asking {judge.Name} for {pending.Count}.");
            failed = MtBenchJudging.Run(console, judge, journal, pending, chunkSize, match => [match.Messages], (match, replies) => new JsonObject
            {
                ["question_id"] = match.Question.QuestionId,
                ["model"] = model,
                ["judge"] = MtBenchJudging.JudgeField(judge, match.PromptName),
                ["user_prompt"] = match.UserPrompt,
                ["judgment"] = replies[0],
                ["score"] = MtBenchJudgment.ParseRating(replies[0]),
                ["turn"] = match.Turn,
                ["tstamp"] = MtBenchAnswer.Now(),
            }, cancel);
        }
        var asked = questions.Select(q => q.QuestionId).ToHashSet();
        return [.. MtBenchScores.ReadJudgements(path).Where(r => asked.Contains(r.QuestionId))];
    }
}
