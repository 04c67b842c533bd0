using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Cli.Eval;
using Wpo.Evaluation;
using Wpo.Judging;
using static TorchSharp.torch;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo eval mt-bench-pair ANSWERS_1.jsonl ANSWERS_2.jsonl --judge-model DIR|NAME [--judge-url URL] --output RUN_DIR</c>:
/// FastChat's pairwise MT-bench between two models' answer files, each match judged in both orders, FastChat's
/// win/loss/tie counts and win rates of model 1 (<c>RUN_DIR/model_judgment/JUDGE_pair.jsonl</c>,
/// <c>RUN_DIR/mt_bench_pair.json</c>); resumes.
/// </summary>
public static class EvalMtBenchPairCommand
{
    public static Command Create()
    {
        var first = new Argument<string>("ANSWERS_1") { Description = "Model 1's answers (FastChat's model_answer/MODEL.jsonl): the model whose win rate is reported." };
        var second = new Argument<string>("ANSWERS_2") { Description = "Model 2's answers: the baseline." };
        var output = new Option<string?>("--output") { Description = "The run folder (model_judgment/, mt_bench_pair.json); default: mt_bench/MODEL_1_vs_MODEL_2." };
        var limit = new Option<int?>("--limit") { Description = "Only the first N questions (a quick look)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Matches per judge chunk, and prompts a local judge decodes together.", DefaultValueFactory = _ => 8 };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype of a local judge.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var files = new MtBenchFileOptions();
        var judgeOptions = new MtBenchJudgeOptions();
        var command = new Command("mt-bench-pair", "MT-bench pairwise: two models' answers judged in both orders with FastChat's pair prompts; win rate with tie = 0.5.")
        {
            first, second, output, limit, batchSize, dtype,
        };
        foreach (Option option in files.All.Concat(judgeOptions.All)) command.Add(option);
        command.SetAction(parse =>
        {
            var console = AnsiConsole.Console;
            var data = files.Read(parse, parse.GetValue(limit));
            var answers1 = Answers(parse.GetValue(first)!);
            var answers2 = Answers(parse.GetValue(second)!);
            string model1 = answers1[0].ModelId, model2 = answers2[0].ModelId;
            var questions = data.Questions.Where(q => answers1.Any(a => a.QuestionId == q.QuestionId) && answers2.Any(a => a.QuestionId == q.QuestionId)).ToList();
            if (questions.Count == 0) throw new WpoException($"no question is answered in both {parse.GetValue(first)} and {parse.GetValue(second)}.");
            if (questions.Count < data.Questions.Count) console.WriteLine($"note: {data.Questions.Count - questions.Count} questions are not answered in both files; judging the {questions.Count} that are.");
            string folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("mt_bench", $"{model1}_vs_{model2}"));
            ScalarType type = parse.GetValue(dtype) == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
            var resources = new List<IDisposable>();
            try
            {
                IMessageJudge judge = judgeOptions.Create(parse, type, parse.GetValue(batchSize), resources);
                string path = Path.Combine(folder, "model_judgment", MtBenchJudgeOptions.FileName(judge) + "_pair.jsonl");
                var results = MtBenchPairJudging.Run(console, judge, data.Prompts, questions, answers1, answers2, data.References, path, parse.GetValue(batchSize), out int failed, CancellationToken.None);
                console.WriteLine($"wrote {path} ({results.Count} matches)");
                Report(console, model1, model2, results, Path.Combine(folder, "mt_bench_pair.json"));
                return MtBenchFileOptions.Finish(console, failed);
            }
            finally
            {
                foreach (var resource in resources) resource.Dispose();
            }
        });
        return command;
    }

    /// <summary>The answers of one model's file, which must name one model_id.</summary>
    static IReadOnlyList<MtBenchAnswer> Answers(string path)
    {
        var answers = MtBenchAnswer.Read(path);
        var models = answers.Select(a => a.ModelId).Distinct().ToList();
        if (models.Count != 1) throw new WpoException($"{path}: {models.Count} model_ids ({string.Join(", ", models.Take(3))}); give one model's answers.");
        return answers;
    }

    static void Report(IAnsiConsole console, string model1, string model2, IReadOnlyList<MtBenchPairResult> results, string path)
    {
        var json = new JsonObject { ["model_1"] = model1, ["model_2"] = model2 };
        var table = new Table().Title($"MT-bench pairwise, {Markup.Escape(model1)} against {Markup.Escape(model2)}").AddColumns("", "win", "loss", "tie", "win_rate", "loss_rate", "win_rate_adjusted", "errors");
        string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
        void Row(string name, string prefix, IReadOnlyList<MtBenchPairResult> rows)
        {
            if (rows.All(r => r.IsError))
            {
                table.AddRow(name, "", "", "", "", "", "", $"{rows.Count}");
                return;
            }
            var w = MtBenchWinRate.Of(rows);
            table.AddRow(name, $"{w.Win}", $"{w.Loss}", $"{w.Tie}", F(w.WinRate), F(w.LossRate), F(w.WinRateAdjusted), $"{w.Errors}");
            json[prefix + "win"] = w.Win;
            json[prefix + "loss"] = w.Loss;
            json[prefix + "tie"] = w.Tie;
            json[prefix + "win_rate"] = w.WinRate;
            json[prefix + "loss_rate"] = w.LossRate;
            json[prefix + "win_rate_adjusted"] = w.WinRateAdjusted;
            json[prefix + "errors"] = w.Errors;
        }
        if (results.All(r => r.IsError))
        {
            console.MarkupLineInterpolated($"[yellow]none of the {results.Count} matches has a verdict in both orders[/] (no {"[[A]]"}, {"[[B]]"} or {"[[C]]"}): no win rate");
            json["errors"] = results.Count;
            EvaluationJson.Write(path, json);
            console.WriteLine($"wrote {path}");
            return;
        }
        Row("overall", "", results);
        foreach (var turn in results.GroupBy(r => r.Turn).OrderBy(g => g.Key)) Row($"turn {turn.Key}", $"turn_{turn.Key}_", [.. turn]);
        console.Write(table);
        console.WriteLine("a match is a tie when game 1 is a tie or the two orders disagree; matches with an unparsed verdict are left out, as FastChat's show_result.py does");
        EvaluationJson.Write(path, json);
        console.WriteLine($"wrote {path}");
    }
}
