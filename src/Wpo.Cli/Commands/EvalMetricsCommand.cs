using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wpo.Evaluation;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo eval metrics ANNOTATIONS.json</c>: AlpacaEval's head-to-head metrics of an annotations file, and the
/// length-controlled win rate from a GLM weights file that holds the model's fitted weights; writes them as JSON.
/// </summary>
public static class EvalMetricsCommand
{
    public static Command Create()
    {
        var annotations = new Argument<FileInfo>("ANNOTATIONS") { Description = "AlpacaEval's annotations.json (output_1 = baseline, output_2 = model)." };
        var weights = new Option<FileInfo?>("--weights") { Description = "AlpacaEval GLM weights (metrics/weights/…/length_controlled_v1/baseline_B.csv) holding the model's row: prints the LC win rate." };
        var difficulty = new Option<FileInfo?>("--difficulty") { Description = "The instruction-difficulty table (index,instruction_difficulty); default: ../shared/data/alpaca_eval/derived/instruction_difficulty_approx.csv." };
        var against = new Option<string?>("--against") { Description = "LC against this other model of the weights file instead of the annotations' baseline (AlpacaEval's predict_winrate)." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the metrics JSON; default: metrics.json beside ANNOTATIONS." };
        var command = new Command("metrics", "AlpacaEval win rate, standard error, counts, discrete win rate, average length and (with --weights) the length-controlled win rate.")
        {
            annotations, weights, difficulty, against, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(annotations)!.FullName;
            var metrics = AlpacaMetrics.Of(AnnotationsReader.Read(path));
            string? difficultyPath = null;
            if (parse.GetValue(weights) is { } weightsFile)
            {
                difficultyPath = parse.GetValue(difficulty)?.FullName ?? DefaultDifficulty();
                var table = GlmWeights.ReadTable(weightsFile.FullName);
                var model = GlmWeights.Of(table, metrics.Model, weightsFile.FullName);
                var baseline = parse.GetValue(against) is { } other ? GlmWeights.Of(table, other, weightsFile.FullName) : new GlmWeights(0, 0, 0);
                metrics = metrics.WithLengthControlled(LengthControlled.Against(model, baseline, InstructionDifficulty.Read(difficultyPath)));
            }
            string outputPath = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(path)!, "metrics.json");
            AlpacaMetricsFile.Write(outputPath, metrics, difficultyPath);
            Write(AnsiConsole.Console, metrics, difficultyPath, parse.GetValue(against), outputPath);
            return 0;
        });
        return command;
    }

    /// <summary>The approximate difficulty table, relative to the working directory (the repository root).</summary>
    public const string DefaultDifficultyPath = "../shared/data/alpaca_eval/derived/instruction_difficulty_approx.csv";

    static string DefaultDifficulty()
    {
        string path = Path.GetFullPath(DefaultDifficultyPath);
        return File.Exists(path) ? path : throw new WpoException($"{path}: no instruction-difficulty table there; give one with --difficulty");
    }

    static void Write(IAnsiConsole console, AlpacaMetrics metrics, string? difficultyPath, string? against, string outputPath)
    {
        var h = metrics.HeadToHead;
        string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
        var table = new Table().Title($"{Markup.Escape(metrics.Model)} against {Markup.Escape(metrics.Baseline)}").AddColumns("metric", "value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("win_rate", $"{F(h.WinRate)} ± {F(h.StandardError)}");
        Row("discrete_win_rate", F(h.DiscreteWinRate));
        Row("n_wins / n_wins_base / n_draws / n_total", $"{h.NWins} / {h.NWinsBase} / {h.NDraws} / {h.NTotal}");
        Row("avg_length", $"{metrics.AvgLength}");
        if (metrics.LengthControlledWinRate is { } lc)
            Row(against is null ? "length_controlled_winrate" : $"length_controlled_winrate against {against}", $"{F(lc)} ± {F(metrics.LcStandardError!.Value)}");
        console.Write(table);
        if (difficultyPath is not null)
            console.MarkupLineInterpolated($"[yellow]note:[/] LC from stored GLM weights and the instruction difficulty in {difficultyPath}");
        console.WriteLine($"wrote {outputPath}");
    }
}
