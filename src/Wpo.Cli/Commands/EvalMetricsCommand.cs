using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Evaluation;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo eval metrics ANNOTATIONS.json</c>: AlpacaEval's head-to-head metrics of an annotations file, the
/// length-controlled win rate of AlpacaEval's GLM refit on it (optionally regularised toward the baseline with gamed
/// rows) and, with <c>--weights</c>, the LC from stored GLM weights; writes them as JSON.
/// </summary>
public static class EvalMetricsCommand
{
    public static Command Create()
    {
        var annotations = new Argument<FileInfo>("ANNOTATIONS") { Description = "AlpacaEval's annotations.json (output_1 = baseline, output_2 = model)." };
        var weights = new Option<FileInfo?>("--weights") { Description = "AlpacaEval GLM weights (metrics/weights/…/length_controlled_v1/baseline_B.csv) holding the model's row: prints the LC win rate." };
        var difficulty = new Option<FileInfo?>("--difficulty") { Description = "The instruction-difficulty table (index,instruction_difficulty); default: the approximate table, shared/data/alpaca_eval/derived/instruction_difficulty_approx.csv found above the working or program directory." };
        var gamed = new Option<FileInfo?>("--gamed") { Description = "AlpacaEval's gamed rows (CSV with preference in [0, 1], std_delta_len, instruction_difficulty): regularise the fit toward the baseline (length_controlled_v1)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics JSON instead of the table." };
        var against = new Option<string?>("--against") { Description = "LC against this other model of the weights file instead of the annotations' baseline (AlpacaEval's predict_winrate)." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the metrics JSON; default: metrics.json beside ANNOTATIONS." };
        var command = new Command("metrics", "AlpacaEval win rate, standard error, counts, discrete win rate, average length and the length-controlled win rate (GLM refit; with --weights also from stored weights).")
        {
            annotations, weights, difficulty, gamed, against, output, json,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(annotations)!.FullName;
            var rows = AnnotationsReader.Read(path);
            var metrics = AlpacaMetrics.Of(rows);
            string difficultyPath = parse.GetValue(difficulty)?.FullName ?? ApproximateDifficulty.Locate();
            var table = InstructionDifficulty.Read(difficultyPath);
            string? gamedPath = parse.GetValue(gamed)?.FullName;
            bool quiet = parse.GetValue(json);
            if (!quiet) AnsiConsole.MarkupLine($"fitting the length-controlled GLM ({LengthControlledFit.Splits} folds × {LengthControlledFit.Cs.Length} C, then the refit)…");
            var fit = LengthControlledFit.Of(rows, table, gamedPath is null ? null : GamedRow.Read(gamedPath));
            (double WinRate, double StandardError)? stored = null;
            if (parse.GetValue(weights) is { } weightsFile)
            {
                var weightsTable = GlmWeights.ReadTable(weightsFile.FullName);
                var model = GlmWeights.Of(weightsTable, metrics.Model, weightsFile.FullName);
                var baseline = parse.GetValue(against) is { } other ? GlmWeights.Of(weightsTable, other, weightsFile.FullName) : new GlmWeights(0, 0, 0);
                stored = LengthControlled.Against(model, baseline, table);
            }
            metrics = metrics.WithLengthControlled(stored ?? (fit.WinRate, fit.StandardError));
            var document = AlpacaMetricsFile.ToJson(metrics, difficultyPath);
            document["lc_fit"] = new JsonObject
            {
                ["length_controlled_winrate"] = fit.WinRate,
                ["lc_standard_error"] = fit.StandardError,
                ["C"] = fit.C,
                ["weights"] = new JsonObject { [GlmWeights.Columns[0]] = fit.Weights.Length, [GlmWeights.Columns[1]] = fit.Weights.Difficulty, [GlmWeights.Columns[2]] = fit.Weights.Bias },
                ["gamed"] = gamedPath,
            };
            if (stored is not null) document["lc_from_stored_weights"] = parse.GetValue(against) ?? metrics.Baseline;
            string outputPath = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(path)!, "metrics.json");
            EvaluationJson.Write(outputPath, document);
            if (quiet) Console.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else Write(AnsiConsole.Console, metrics, fit, stored, difficultyPath, parse.GetValue(against), outputPath);
            return 0;
        });
        return command;
    }

    static void Write(IAnsiConsole console, AlpacaMetrics metrics, LengthControlledFit fit, (double WinRate, double StandardError)? stored, string difficultyPath, string? against, string outputPath)
    {
        var h = metrics.HeadToHead;
        string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
        var table = new Table().Title($"{Markup.Escape(metrics.Model)} against {Markup.Escape(metrics.Baseline)}").AddColumns("metric", "value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("win_rate", $"{F(h.WinRate)} ± {F(h.StandardError)}");
        Row("discrete_win_rate", F(h.DiscreteWinRate));
        Row("n_wins / n_wins_base / n_draws / n_total", $"{h.NWins} / {h.NWinsBase} / {h.NDraws} / {h.NTotal}");
        Row("avg_length", $"{metrics.AvgLength}");
        Row("length_controlled_winrate (GLM refit)", $"{F(fit.WinRate)} ± {F(fit.StandardError)}");
        Row("GLM C / weights (length, difficulty, bias)", fit.C is { } c
            ? $"{c.ToString("G4", CultureInfo.InvariantCulture)} / {fit.Weights.Length:F4}, {fit.Weights.Difficulty:F4}, {fit.Weights.Bias:F4}"
            : "model = baseline: LC 50 by construction");
        if (stored is { } lc)
            Row(against is null ? "length_controlled_winrate (stored weights)" : $"length_controlled_winrate against {against} (stored weights)", $"{F(lc.WinRate)} ± {F(lc.StandardError)}");
        console.Write(table);
        console.MarkupLineInterpolated($"[yellow]note:[/] LC with the instruction difficulty in {difficultyPath}");
        if (difficultyPath.EndsWith(Path.GetFileName(ApproximateDifficulty.RelativePath), StringComparison.Ordinal))
            console.MarkupLine("[yellow]note:[/] that is the approximate table (its SOURCE.md says how it was made); AlpacaEval's own table is on its dataset hub");
        console.WriteLine($"wrote {outputPath}");
    }
}
