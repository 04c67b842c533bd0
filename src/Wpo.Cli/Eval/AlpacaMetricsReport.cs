using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Wpo.Evaluation;
using Wpo.Plots;

namespace Wpo.Cli.Eval;

/// <summary>What the length-controlled win rate is computed from: the difficulty table (default: the approximate one), gamed rows, stored weights and another baseline of them.</summary>
sealed record LengthControlInputs(string? DifficultyPath, string? GamedPath, string? WeightsPath, string? Against);

/// <summary>
/// AlpacaEval's metrics of one set of annotations as <c>wpo eval metrics</c> and <c>wpo eval alpaca</c> report them:
/// the head-to-head figures, the length-controlled GLM refit (and LC from stored weights when given), the metrics
/// JSON, the bar chart PNG of win rate and LC with standard errors beside it, and the table with the note on the
/// difficulty table.
/// </summary>
static class AlpacaMetricsReport
{
    /// <summary>
    /// Computes, writes <paramref name="metricsPath"/> and its chart (same name, <c>.png</c>) and, with a console, prints
    /// the table; returns the JSON written. With <paramref name="lcOptional"/>, an LC that cannot be computed (no
    /// difficulty table found, fewer rows than the cross-validation folds) is left out with a note instead of failing.
    /// </summary>
    public static JsonObject Run(IAnsiConsole? console, IReadOnlyList<AlpacaAnnotation> rows, LengthControlInputs inputs, string metricsPath, bool lcOptional)
    {
        var metrics = AlpacaMetrics.Of(rows);
        string? difficultyPath = null;
        LengthControlledFit? fit = null;
        (double WinRate, double StandardError)? stored = null;
        try
        {
            difficultyPath = inputs.DifficultyPath ?? ApproximateDifficulty.Locate();
            var table = InstructionDifficulty.Read(difficultyPath);
            console?.MarkupLine($"fitting the length-controlled GLM ({LengthControlledFit.Splits} folds × {LengthControlledFit.Cs.Length} C, then the refit)…");
            fit = LengthControlledFit.Of(rows, table, inputs.GamedPath is null ? null : GamedRow.Read(inputs.GamedPath));
            if (inputs.WeightsPath is { } weightsPath)
            {
                var weightsTable = GlmWeights.ReadTable(weightsPath);
                var model = GlmWeights.Of(weightsTable, metrics.Model, weightsPath);
                var baseline = inputs.Against is { } other ? GlmWeights.Of(weightsTable, other, weightsPath) : new GlmWeights(0, 0, 0);
                stored = LengthControlled.Against(model, baseline, table);
            }
            metrics = metrics.WithLengthControlled(stored ?? (fit.WinRate, fit.StandardError));
        }
        catch (WpoException error) when (lcOptional)
        {
            console?.MarkupLineInterpolated($"[yellow]LC not computed:[/] {error.Message}");
            (difficultyPath, fit) = (null, null);
        }
        var document = AlpacaMetricsFile.ToJson(metrics, difficultyPath);
        if (fit is not null)
            document["lc_fit"] = new JsonObject
            {
                ["length_controlled_winrate"] = fit.WinRate,
                ["lc_standard_error"] = fit.StandardError,
                ["C"] = fit.C,
                ["weights"] = new JsonObject { [GlmWeights.Columns[0]] = fit.Weights.Length, [GlmWeights.Columns[1]] = fit.Weights.Difficulty, [GlmWeights.Columns[2]] = fit.Weights.Bias },
                ["gamed"] = inputs.GamedPath,
            };
        if (stored is not null) document["lc_from_stored_weights"] = inputs.Against ?? metrics.Baseline;
        EvaluationJson.Write(metricsPath, document);
        string chartPath = ChartPath(metricsPath);
        AlpacaMetricsChart.Write(chartPath, metrics);
        if (console is not null) Write(console, metrics, fit, stored, difficultyPath, inputs.Against, metricsPath, chartPath);
        return document;
    }

    /// <summary>The bar chart beside a metrics JSON: the same name with <c>.png</c>.</summary>
    public static string ChartPath(string metricsPath) => Path.ChangeExtension(metricsPath, ".png");

    static void Write(IAnsiConsole console, AlpacaMetrics metrics, LengthControlledFit? fit, (double WinRate, double StandardError)? stored, string? difficultyPath, string? against,
        string metricsPath, string chartPath)
    {
        var h = metrics.HeadToHead;
        string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
        var table = new Table().Title($"{Markup.Escape(metrics.Model)} against {Markup.Escape(metrics.Baseline)}").AddColumns("metric", "value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("win_rate", $"{F(h.WinRate)} ± {F(h.StandardError)}");
        Row("discrete_win_rate", F(h.DiscreteWinRate));
        Row("n_wins / n_wins_base / n_draws / n_total", $"{h.NWins} / {h.NWinsBase} / {h.NDraws} / {h.NTotal}");
        Row("avg_length", $"{metrics.AvgLength}");
        if (fit is not null)
        {
            Row("length_controlled_winrate (GLM refit)", $"{F(fit.WinRate)} ± {F(fit.StandardError)}");
            Row("GLM C / weights (length, difficulty, bias)", fit.C is { } c
                ? $"{c.ToString("G4", CultureInfo.InvariantCulture)} / {fit.Weights.Length:F4}, {fit.Weights.Difficulty:F4}, {fit.Weights.Bias:F4}"
                : "model = baseline: LC 50 by construction");
        }
        if (stored is { } lc)
            Row(against is null ? "length_controlled_winrate (stored weights)" : $"length_controlled_winrate against {against} (stored weights)", $"{F(lc.WinRate)} ± {F(lc.StandardError)}");
        console.Write(table);
        if (difficultyPath is not null)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] LC with the instruction difficulty in {difficultyPath}");
            if (difficultyPath.EndsWith(Path.GetFileName(ApproximateDifficulty.RelativePath), StringComparison.Ordinal))
                console.MarkupLine("[yellow]note:[/] that is the approximate table (its SOURCE.md says how it was made); AlpacaEval's own table is on its dataset hub");
        }
        console.WriteLine($"wrote {metricsPath} and {chartPath}");
    }
}
