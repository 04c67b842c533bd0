using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>AlpacaEval's head-to-head metrics: the real annotations against the leaderboard, and hand-made cases.</summary>
public class HeadToHeadTests
{
    [Theory]
    [InlineData("alpaca-7b")]
    [InlineData("gpt-3.5-turbo-1106")]
    public void RealAnnotationsGiveThePublishedLeaderboardRow(string model)
    {
        var metrics = AlpacaMetrics.Of(AnnotationsReader.Read(AlpacaLeaderboard.Annotations(model)));
        var row = AlpacaLeaderboard.Rows()[model];
        Assert.Equal(model, metrics.Model);
        Assert.Equal("gpt4_1106_preview", metrics.Baseline);
        var h = metrics.HeadToHead;
        Assert.Equal(AlpacaLeaderboard.Number(row["win_rate"]), h.WinRate, 1e-4);
        Assert.Equal(AlpacaLeaderboard.Number(row["standard_error"]), h.StandardError, 1e-4);
        Assert.Equal(AlpacaLeaderboard.Number(row["discrete_win_rate"]), h.DiscreteWinRate, 1e-4);
        Assert.Equal(int.Parse(row["n_wins"]), h.NWins);
        Assert.Equal(int.Parse(row["n_wins_base"]), h.NWinsBase);
        Assert.Equal(int.Parse(row["n_draws"]), h.NDraws);
        Assert.Equal(int.Parse(row["n_total"]), h.NTotal);
        Assert.Equal(int.Parse(row["avg_length"]), metrics.AvgLength);
    }

    [Fact]
    public void TiesZerosAndMissingPreferencesFollowAlpacaEval()
    {
        // 2 → win, 1 → loss, 0 and 1.5 → ties (0.5), null dropped; 1.7 is a weighted win that rounds to a discrete win.
        var h = HeadToHead.Of([2.0, 1.0, 0.0, 1.5, null, 1.7]);
        Assert.Equal(5, h.NTotal);
        Assert.Equal(2, h.NWins);
        Assert.Equal(1, h.NWinsBase);
        Assert.Equal(2, h.NDraws);
        Assert.Equal(100 * (1 + 0 + 0.5 + 0.5 + 0.7) / 5, h.WinRate, 1e-12);
        Assert.Equal(100 * (1 + 0 + 0.5 + 0.5 + 1) / 5, h.DiscreteWinRate, 1e-12);
        double mean = 2.7 / 5, ss = new[] { 1, 0, 0.5, 0.5, 0.7 }.Sum(v => (v - mean) * (v - mean));
        Assert.Equal(100 * Math.Sqrt(ss / 4) / Math.Sqrt(5), h.StandardError, 1e-12);
    }

    [Fact]
    public void NoPreferenceAtAllIsAUserError() =>
        Assert.Contains("no annotation has a preference", Assert.Throws<WpoException>(() => HeadToHead.Of([null, null])).Message);

    [Fact]
    public void LengthsCountCodePointsAsPython() => Assert.Equal(3, Statistics.CodePoints("a😀é"));
}
