using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Cli.Eval;
using Wpo.Evaluation;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo eval mt-bench-scores JUDGEMENTS.jsonl</c>: FastChat single-answer judgements to per-turn, per-category and overall means.</summary>
public static class EvalMtBenchScoresCommand
{
    public static Command Create()
    {
        var judgements = new Argument<FileInfo>("JUDGEMENTS") { Description = "FastChat single-answer judgements (model_judgment/*_single.jsonl) of one model." };
        var questions = new Option<string?>("--questions") { Description = $"FastChat's question.jsonl (for the categories); default: ../{MtBenchData.Questions}, searched above the working directory and the CLI." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the scores JSON; default: mt_bench_scores.json beside JUDGEMENTS." };
        var command = new Command("mt-bench-scores", "MT-bench means per turn, per category and overall from FastChat judgements; unrated replies counted as parse failures.")
        {
            judgements, questions, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(judgements)!.FullName;
            string questionsPath = SharedDataFile.Find(parse.GetValue(questions), MtBenchData.Questions, "--questions");
            var scores = MtBenchScores.Of(MtBenchScores.ReadJudgements(path), MtBenchScores.ReadCategories(questionsPath));
            string outputPath = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(path)!, "mt_bench_scores.json");
            Report(AnsiConsole.Console, scores, outputPath);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the scores to <paramref name="outputPath"/> and prints them as a table with the parse failures.</summary>
    internal static void Report(IAnsiConsole console, MtBenchScores scores, string outputPath)
    {
        MtBenchScoresFile.Write(outputPath, scores);
        if (scores.Rated == 0)
        {
            console.MarkupLineInterpolated($"[yellow]none of the {scores.ParseFailures} judgements has a {"[[rating]]"}[/]: no means (all counted as parse failures)");
            console.WriteLine($"wrote {outputPath}");
            return;
        }
        var table = new Table().Title($"MT-bench, {Markup.Escape(scores.Model)}").AddColumns("", "mean score");
        void Row(string name, double value) => table.AddRow(Markup.Escape(name), value.ToString("F3", CultureInfo.InvariantCulture));
        Row("overall", scores.Overall);
        foreach (var (turn, mean) in scores.ByTurn) Row($"turn {turn}", mean);
        foreach (var (category, mean) in scores.ByCategory) Row(category, mean);
        console.Write(table);
        console.WriteLine($"{scores.Rated} rated, {scores.ParseFailures} parse failures (no [[rating]]: left out, as FastChat does)");
        console.WriteLine($"wrote {outputPath}");
    }
}
