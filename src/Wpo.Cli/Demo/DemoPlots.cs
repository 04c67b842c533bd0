using ScottPlot;
using Wpo.Checkpoints;
using Wpo.Evaluation;
using Wpo.Plots;

namespace Wpo.Cli.Demo;

/// <summary>The demo's PNGs: greedy reward against KL to SFT, WPO pair weights over training, and the knob against the WPO − DPO gap.</summary>
static class DemoPlots
{
    const int Width = 900, Height = 540;

    public static IReadOnlyList<string> Write(DemoReport report, string folder) =>
    [
        Save(Path.Combine(folder, "reward_vs_kl.png"), RewardAgainstKl(report)),
        Save(Path.Combine(folder, "pair_weights.png"), Weights(report)),
        Save(Path.Combine(folder, "distance_vs_gap.png"), Gap(report)),
    ];

    static Plot RewardAgainstKl(DemoReport report)
    {
        var plot = New("Held-out greedy gold reward against KL to SFT (mean over seeds)", "KL(policy ‖ SFT) per answer, nats", "greedy gold reward");
        foreach (var group in report.Runs.Where(r => r.Distance is null || r.Distance == report.Distance).GroupBy(r => $"{r.Data} {r.Method}"))
        {
            var marker = plot.Add.Marker(group.Average(r => r.Scores.Kl), group.Average(r => r.Scores.GreedyReward));
            marker.LegendText = group.Key;
            marker.Size = 10;
        }
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    static Plot Weights(DemoReport report)
    {
        var plot = New("WPO mean pair weight over training (mean over seeds)", "step", "mean pair weight");
        foreach (var group in report.Runs.Where(r => r.Weights.Count > 0).GroupBy(r => $"{r.Data} {r.Method}"))
        {
            var steps = group.First().Weights.Select(w => w.Step).ToArray();
            var means = steps.Select((_, i) => group.Average(r => r.Weights[i].Weight)).ToArray();
            var line = plot.Add.Scatter(steps.Select(s => (double)s).ToArray(), means);
            line.LegendText = group.Key;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static Plot Gap(DemoReport report)
    {
        var plot = New("Off-policy distance against the WPO − DPO gap in greedy gold reward", "behaviour-policy distance (knob)", "WPO (sampled) − DPO greedy reward");
        var points = DemoTable.Gaps(report).ToList();
        double[] xs = [.. points.Select(p => p.Distance)];
        double[] ys = [.. points.Select(p => p.Gap.Average())];
        var line = plot.Add.Scatter(xs, ys);
        line.MarkerSize = 8;
        if (points[0].Gap.Length > 1)
            plot.Add.ErrorBar(xs, ys, [.. points.Select(p => Statistics.StandardDeviation(p.Gap))]);
        plot.Add.HorizontalLine(0, pattern: LinePattern.Dashed);
        return plot;
    }

    static Plot New(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set(EmbeddedFont.Use());
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    static string Save(string path, Plot plot)
    {
        using (plot)
        using (var file = AtomicFile.Finished(path, plot.GetImageBytes(Width, Height, ImageFormat.Png)))
            file.Commit();
        return path;
    }
}
