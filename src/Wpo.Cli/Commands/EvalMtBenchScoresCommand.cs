using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Evaluation;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo eval mt-bench-scores JUDGEMENTS.jsonl</c>: FastChat single-answer judgements to per-turn, per-category and overall means.</summary>
public static class EvalMtBenchScoresCommand
{
    /// <summary>FastChat's MT-bench questions, relative to the working directory (the repository root).</summary>
    public const string DefaultQuestionsPath = "../shared/data/mt_bench/mt_bench/question.jsonl";

    public static Command Create()
    {
        var judgements = new Argument<FileInfo>("JUDGEMENTS") { Description = "FastChat single-answer judgements (model_judgment/*_single.jsonl) of one model." };
        var questions = new Option<FileInfo?>("--questions") { Description = $"FastChat's question.jsonl (for the categories); default: {DefaultQuestionsPath}." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the scores JSON; default: mt_bench_scores.json beside JUDGEMENTS." };
        var command = new Command("mt-bench-scores", "MT-bench means per turn, per category and overall from FastChat judgements; unrated replies counted as parse failures.")
        {
            judgements, questions, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(judgements)!.FullName;
            string questionsPath = parse.GetValue(questions)?.FullName ?? Path.GetFullPath(DefaultQuestionsPath);
            var scores = MtBenchScores.Of(MtBenchScores.ReadJudgements(path), MtBenchScores.ReadCategories(questionsPath));
            string outputPath = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(path)!, "mt_bench_scores.json");
            MtBenchScoresFile.Write(outputPath, scores);
            var table = new Table().Title($"MT-bench, {Markup.Escape(scores.Model)}").AddColumns("", "mean score");
            void Row(string name, double value) => table.AddRow(Markup.Escape(name), value.ToString("F3", CultureInfo.InvariantCulture));
            Row("overall", scores.Overall);
            foreach (var (turn, mean) in scores.ByTurn) Row($"turn {turn}", mean);
            foreach (var (category, mean) in scores.ByCategory) Row(category, mean);
            AnsiConsole.Console.Write(table);
            AnsiConsole.Console.WriteLine($"{scores.Rated} rated, {scores.ParseFailures} parse failures (no [[rating]]: left out, as FastChat does)");
            AnsiConsole.Console.WriteLine($"wrote {outputPath}");
            return 0;
        });
        return command;
    }
}
