using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Evaluation;

namespace Wpo.Cli.Commands;

/// <summary><c>wpo eval compare RUN_A RUN_B</c>: two evaluated runs (folders or metric files) side by side.</summary>
public static class EvalCompareCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("RUN_A") { Description = "A run folder (its metrics.json and mt_bench_scores.json, also in direct subfolders) or one metric file of wpo eval alpaca, metrics, mt-bench or mt-bench-scores." };
        var b = new Argument<string>("RUN_B") { Description = "The other run's folder or file." };
        var command = new Command("compare", "Two evaluated runs side by side: each metric, B − A, and whether the difference exceeds the combined standard error.") { a, b };
        command.SetAction(parse =>
        {
            string pathA = Path.GetFullPath(parse.GetValue(a)!), pathB = Path.GetFullPath(parse.GetValue(b)!);
            var rows = MetricComparison.Of(EvaluatedRun.Read(pathA), EvaluatedRun.Read(pathB));
            if (rows.Count == 0) throw new WpoException($"{pathA} and {pathB} have no metric in common");
            string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
            var table = new Table().AddColumns("metric", "A", "B", "B − A", "± (√(se_A² + se_B²))", "beyond the error");
            foreach (var row in rows)
                table.AddRow(Markup.Escape(row.Key), F(row.A), F(row.B), F(row.Difference),
                    row.CombinedError is { } error ? F(error) : "", row.ExceedsError switch { true => "yes", false => "no", null => "" });
            AnsiConsole.Console.WriteLine($"A = {pathA}");
            AnsiConsole.Console.WriteLine($"B = {pathB}");
            AnsiConsole.Console.Write(table);
            return 0;
        });
        return command;
    }
}
