using System.Globalization;
using ScottPlot;
using Wpo.Checkpoints;
using Wpo.Evaluation;

namespace Wpo.Plots;

/// <summary>
/// The bar chart of an AlpacaEval result: the win rate and, when computed, the length-controlled win rate of the
/// model against its baseline, in percent, each with its standard error as the error bar and both figures under it.
/// </summary>
public static class AlpacaMetricsChart
{
    const int Width = 640;
    const int Height = 480;

    /// <summary>The bars drawn for <paramref name="metrics"/>: (label, value, standard error), win rate first, LC when known.</summary>
    public static IReadOnlyList<(string Label, double Value, double Error)> Bars(AlpacaMetrics metrics)
    {
        var bars = new List<(string, double, double)> { ("win rate", metrics.HeadToHead.WinRate, metrics.HeadToHead.StandardError) };
        if (metrics.LengthControlledWinRate is double lc) bars.Add(("LC win rate", lc, metrics.LcStandardError ?? 0));
        return bars;
    }

    /// <summary>Writes the chart of <paramref name="metrics"/> as a PNG to <paramref name="path"/> (replaced whole).</summary>
    public static void Write(string path, AlpacaMetrics metrics)
    {
        var bars = Bars(metrics);
        using var plot = new Plot();
        plot.Font.Set(EmbeddedFont.Use());
        plot.Add.Bars(bars.Select((bar, i) => new Bar
        {
            Position = i,
            Value = bar.Value,
            Error = bar.Error,
            FillColor = Colors.Category10[i],
        }).ToList());
        plot.Axes.Bottom.SetTicks([.. bars.Select((_, i) => (double)i)],
            [.. bars.Select(bar => string.Create(CultureInfo.InvariantCulture, $"{bar.Label}: {bar.Value:F2} ± {bar.Error:F2}"))]);
        plot.Axes.SetLimitsY(0, Math.Max(60, bars.Max(bar => bar.Value + bar.Error) + 8));
        plot.Add.HorizontalLine(50, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title($"{metrics.Model} against {metrics.Baseline} (n = {metrics.HeadToHead.NTotal})");
        plot.YLabel("% preferred over the baseline (± standard error)");
        using var file = AtomicFile.Finished(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
        file.Commit();
    }
}
