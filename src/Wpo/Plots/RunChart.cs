using ScottPlot;
using Wpo.Training;

namespace Wpo.Plots;

/// <summary>
/// One PNG of a run against the step: its metrics as lines, each with its <c>eval_</c> twin (dashed, with markers)
/// where the run evaluates, and optionally a band between two metrics (the WPO weights' min and max).
/// </summary>
sealed record RunChart(string FileName, string Title, string YLabel, IReadOnlyList<string> Keys)
{
    const string EvalPrefix = "eval_";

    public (string Lower, string Upper)? Band { get; init; }
    public (double Low, double High)? YLimits { get; init; }

    public static IReadOnlyList<RunChart> All { get; } =
    [
        new("loss.png", "Loss", "loss", ["loss"]),
        new("margins.png", "Rewards (β × policy/reference log-ratio)", "reward", ["rewards/chosen", "rewards/rejected", "rewards/margins"]),
        new("accuracy.png", "Reward accuracy (chosen above rejected)", "fraction of pairs", ["rewards/accuracies"]) { YLimits = (-0.02, 1.02) },
        new("weights.png", "WPO pair weights (mean; band: min to max)", "weight", ["wpo/weight_mean"]) { Band = ("wpo/weight_min", "wpo/weight_max") },
        new("learning_rate.png", "Learning rate", "learning rate", ["learning_rate"]),
    ];

    /// <summary>The chart, or null when the run has none of its metrics (a plain DPO run has no WPO weights).</summary>
    public Plot? Draw(IReadOnlyList<MetricRow> rows)
    {
        var lines = Keys.Select(key => (Train: MetricSeries.Of(rows, key), Eval: MetricSeries.Of(rows, EvalPrefix + key))).ToList();
        if (lines.All(line => line.Train.IsEmpty && line.Eval.IsEmpty)) return null;
        var plot = new Plot();
        plot.Font.Set(EmbeddedFont.Use());
        if (Band is var (lower, upper)) AddBand(plot, rows, lower, upper);
        foreach (var (train, eval) in lines)
        {
            Color? color = null;
            if (!train.IsEmpty) color = AddLine(plot, train, color, evaluation: false);
            if (!eval.IsEmpty) AddLine(plot, eval, color, evaluation: true);
        }
        plot.Title(Title);
        plot.XLabel("step");
        plot.YLabel(YLabel);
        if (YLimits is var (low, high)) plot.Axes.SetLimitsY(low, high);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static Color AddLine(Plot plot, MetricSeries series, Color? color, bool evaluation)
    {
        var scatter = plot.Add.Scatter(series.Steps, series.Values);
        if (color is { } shared) scatter.Color = shared;
        scatter.LegendText = series.Key;
        scatter.LineWidth = 2;
        scatter.MarkerSize = evaluation || series.Steps.Length == 1 ? 6 : 0;
        if (evaluation) scatter.LinePattern = LinePattern.Dashed;
        return scatter.Color;
    }

    /// <summary>The band over the rows that have both bounds finite.</summary>
    static void AddBand(Plot plot, IReadOnlyList<MetricRow> rows, string lower, string upper)
    {
        var points = rows.Where(row => row.Has(lower) && row.Has(upper) && double.IsFinite(row[lower]) && double.IsFinite(row[upper]))
            .Select(row => (X: (double)row.Step, Low: row[lower], High: row[upper])).ToList();
        if (points.Count == 0) return;
        var fill = plot.Add.FillY(points, point => (point.X, point.Low, point.High));
        fill.FillStyle.Color = Colors.Gray.WithAlpha(0.25);
        fill.LegendText = $"{lower} to {upper}";
    }
}
