using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Evaluation;
using Wpo.Judging;

namespace Wpo.Cli.Eval;

/// <summary>
/// FastChat's pairwise grading (<c>play_a_match_pair</c>): each question's turn 1 and turn 2 judged twice, game 1
/// with model 1 as assistant A and game 2 with the order swapped, rows in <c>model_judgment/JUDGE_pair.jsonl</c>'s
/// layout (question_id, model_1, model_2, g1_winner, g2_winner, judge, g1/g2 user_prompt and judgment, turn, tstamp).
/// A rerun asks only the (question, turn) pairs not in the file.
/// </summary>
static class MtBenchPairJudging
{
    public static IReadOnlyList<MtBenchPairResult> Run(IAnsiConsole console, IMessageJudge judge, IReadOnlyDictionary<string, MtBenchJudgePrompt> prompts,
        IReadOnlyList<MtBenchQuestion> questions, IReadOnlyList<MtBenchAnswer> answers1, IReadOnlyList<MtBenchAnswer> answers2,
        IReadOnlyDictionary<int, IReadOnlyList<string>> references, string path, int chunkSize, out int failed, CancellationToken cancel)
    {
        string model1 = answers1[0].ModelId, model2 = answers2[0].ModelId;
        var first = answers1.ToDictionary(a => a.QuestionId);
        var second = answers2.ToDictionary(a => a.QuestionId);
        var results = new Dictionary<(int, int), MtBenchPairResult>();
        using (var journal = MtBenchJournal.Open(path))
        {
            foreach (var row in journal.Rows)
            {
                MtBenchJudging.RequireJudge(row, judge);
                if (MtBenchRows.Text(row, "model_1") != model1 || MtBenchRows.Text(row, "model_2") != model2)
                    throw new WpoException($"{row.Origin}: a match of {MtBenchRows.Text(row, "model_1")} and {MtBenchRows.Text(row, "model_2")}, not {model1} and {model2}; give another --output.");
                var (id, turn) = MtBenchJudging.Key(row);
                results[(id, turn)] = new MtBenchPairResult(id, turn, MtBenchRows.Text(row, "g1_winner"), MtBenchRows.Text(row, "g2_winner"));
            }
            var pending = questions.SelectMany(q => MtBenchMatch.TurnsOf(q).Where(turn => !results.ContainsKey((q.QuestionId, turn))).Select(turn =>
            {
                var reference = references.GetValueOrDefault(q.QuestionId);
                return (Game1: MtBenchMatch.Pair(prompts, q, first[q.QuestionId].Turns, second[q.QuestionId].Turns, reference, turn),
                        Game2: MtBenchMatch.Pair(prompts, q, second[q.QuestionId].Turns, first[q.QuestionId].Turns, reference, turn));
            })).ToList();
            console.WriteLine($"{path}: {results.Count} matches already judged; asking {judge.Name} for {pending.Count} (both orders each).");
            failed = MtBenchJudging.Run(console, judge, journal, pending, chunkSize, match => [match.Game1.Messages, match.Game2.Messages], (match, replies) =>
            {
                var result = new MtBenchPairResult(match.Game1.Question.QuestionId, match.Game1.Turn,
                    MtBenchPairResult.Game1Winner(MtBenchJudgment.ParseVerdict(replies[0])), MtBenchPairResult.Game2Winner(MtBenchJudgment.ParseVerdict(replies[1])));
                results[(result.QuestionId, result.Turn)] = result;
                return new JsonObject
                {
                    ["question_id"] = result.QuestionId,
                    ["model_1"] = model1,
                    ["model_2"] = model2,
                    ["g1_winner"] = result.G1Winner,
                    ["g2_winner"] = result.G2Winner,
                    ["judge"] = MtBenchJudging.JudgeField(judge, match.Game1.PromptName),
                    ["g1_user_prompt"] = match.Game1.UserPrompt,
                    ["g1_judgment"] = replies[0],
                    ["g2_user_prompt"] = match.Game2.UserPrompt,
                    ["g2_judgment"] = replies[1],
                    ["turn"] = result.Turn,
                    ["tstamp"] = MtBenchAnswer.Now(),
                };
            }, cancel);
        }
        var asked = questions.Select(q => q.QuestionId).ToHashSet();
        return [.. results.Values.Where(r => asked.Contains(r.QuestionId)).OrderBy(r => r.QuestionId).ThenBy(r => r.Turn)];
    }
}
