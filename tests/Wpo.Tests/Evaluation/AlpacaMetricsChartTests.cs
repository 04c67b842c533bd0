using System.Text.Json.Nodes;
using Wpo.Evaluation;
using Wpo.Plots;
using Wpo.Tests.Cli;

namespace Wpo.Tests.Evaluation;

/// <summary>The bar chart of win rate and LC with standard errors: its bars are the metrics' figures, and <c>wpo eval metrics</c> writes it beside the metrics JSON.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class AlpacaMetricsChartTests
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void The_bars_are_win_rate_and_lc_with_their_standard_errors()
    {
        var metrics = AlpacaMetrics.Of(AnnotationsReader.Read(AlpacaLeaderboard.Annotations("alpaca-7b")));
        var bars = AlpacaMetricsChart.Bars(metrics);
        Assert.Equal([("win rate", metrics.HeadToHead.WinRate, metrics.HeadToHead.StandardError)], bars);
        bars = AlpacaMetricsChart.Bars(metrics.WithLengthControlled((5.5, 0.25)));
        Assert.Equal(("LC win rate", 5.5, 0.25), bars[1]);
        Assert.Equal(2, bars.Count);
    }

    [Fact]
    public void Eval_metrics_writes_a_png_of_the_metrics_it_writes()
    {
        using var temp = new TemporaryFolder();
        string output = Path.Combine(temp.Path, "m.json");
        var (exitCode, text, error) = CliRun.Wpo("eval", "metrics", AlpacaLeaderboard.Annotations("alpaca-7b"),
            "--weights", SharedFolders.Data(AlpacaLeaderboard.WeightsFile), "--output", output);
        Assert.True(exitCode == 0, error);
        string chart = Path.Combine(temp.Path, "m.png");
        Assert.Contains("m.png", text);
        byte[] png = File.ReadAllBytes(chart);
        Assert.True(png.Length > 1000);
        Assert.Equal(PngSignature, png.Take(8));

        var json = JsonNode.Parse(File.ReadAllText(output))!;
        double Number(string key) => json[key]!.GetValue<double>();
        var metrics = AlpacaMetrics.Of(AnnotationsReader.Read(AlpacaLeaderboard.Annotations("alpaca-7b")))
            .WithLengthControlled((Number("length_controlled_winrate"), Number("lc_standard_error")));
        Assert.Equal([("win rate", Number("win_rate"), Number("standard_error")), ("LC win rate", Number("length_controlled_winrate"), Number("lc_standard_error"))],
            AlpacaMetricsChart.Bars(metrics));
    }
}
