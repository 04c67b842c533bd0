using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wpo.Scoring;

namespace Wpo.Cli.Commands;

/// <summary>
/// Runs a <see cref="ScoreRun"/> on the console: a progress bar of lines on a terminal, else a line every few
/// seconds; then the summary, with the rows whose outputs got no score.
/// </summary>
static class ScoreConsole
{
    const int RowsListed = 20;

    public static ScoreSummary Run(IAnsiConsole console, string input, string output, IOutputScorer scorer, int chunk, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        ScoreSummary summary = null!;
        if (console.Profile.Capabilities.Interactive)
            console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var lines = context.AddTask("lines");
                    lines.IsIndeterminate = true;
                    summary = ScoreRun.Run(input, output, scorer, chunk, progress =>
                    {
                        lines.IsIndeterminate = false;
                        lines.MaxValue = Math.Max(1, progress.Total);
                        lines.Value = progress.Lines;
                        lines.Description = Markup.Escape(Line(progress));
                    }, cancel);
                });
        else
        {
            TimeSpan shown = TimeSpan.Zero;
            summary = ScoreRun.Run(input, output, scorer, chunk, progress =>
            {
                if (clock.Elapsed - shown < TimeSpan.FromSeconds(5) && progress.Lines < progress.Total) return;
                shown = clock.Elapsed;
                console.WriteLine(Line(progress));
            }, cancel);
        }
        Report(console, output, summary, clock.Elapsed);
        return summary;
    }

    static string Line(ScoreProgress progress) =>
        $"{progress.Lines}/{progress.Total} lines, {progress.Outputs} outputs, {progress.Failures} unscored";

    static void Report(IAnsiConsole console, string output, ScoreSummary summary, TimeSpan elapsed)
    {
        double rate = summary.ScoredNow / Math.Max(elapsed.TotalSeconds, 1e-9);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{output}: {summary.Lines} lines, {summary.Outputs} outputs ({summary.ScoredNow} scored now in {elapsed.TotalSeconds:F1} s, {rate:F1} outputs/s; {summary.Outputs - summary.ScoredNow} from an earlier run)"));
        int failures = summary.FailedRows.Sum(row => row.Failed);
        if (failures == 0)
        {
            console.WriteLine("every output has a score");
            return;
        }
        console.MarkupLineInterpolated($"[yellow]{failures} outputs in {summary.FailedRows.Count} rows have no score[/] (score null, score_error says why):");
        var table = new Table().AddColumns("index", "unscored", "first error");
        foreach (var (index, failed, error) in summary.FailedRows.Take(RowsListed)) table.AddRow($"{index}", $"{failed}", Markup.Escape(error));
        console.Write(table);
        if (summary.FailedRows.Count > RowsListed) console.WriteLine($"… and {summary.FailedRows.Count - RowsListed} more rows");
    }
}
