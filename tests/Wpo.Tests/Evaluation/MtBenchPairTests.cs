using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>FastChat's pairwise rules: verdicts mapped per game, the swap, "inconsistent → tie", errors left out, win rates as <c>show_result.py</c>.</summary>
public class MtBenchPairTests
{
    static MtBenchPairResult Match(PairVerdict game1, PairVerdict game2) =>
        new(81, 1, MtBenchPairResult.Game1Winner(game1), MtBenchPairResult.Game2Winner(game2));

    [Theory]
    [InlineData(PairVerdict.A, PairVerdict.B, "win")] // model 1 preferred in both orders
    [InlineData(PairVerdict.B, PairVerdict.A, "loss")] // model 2 preferred in both orders
    [InlineData(PairVerdict.A, PairVerdict.A, "tie")] // position bias: the first answer always wins, so the games disagree
    [InlineData(PairVerdict.B, PairVerdict.B, "tie")]
    [InlineData(PairVerdict.Tie, PairVerdict.Tie, "tie")]
    [InlineData(PairVerdict.Tie, PairVerdict.B, "tie")] // game 1 a tie: a tie whatever game 2 says
    [InlineData(PairVerdict.A, PairVerdict.Tie, "tie")] // the games disagree
    public void TheOutcomeFollowsFastChatsSwapAndConsistencyRule(PairVerdict game1, PairVerdict game2, string outcome) =>
        Assert.Equal(outcome, Match(game1, game2).Outcome);

    [Fact]
    public void GameTwoSwapsTheNames()
    {
        Assert.Equal("model_1", MtBenchPairResult.Game1Winner(PairVerdict.A));
        Assert.Equal("model_2", MtBenchPairResult.Game2Winner(PairVerdict.A));
        Assert.Equal("model_1", MtBenchPairResult.Game2Winner(PairVerdict.B));
        Assert.Equal("error", MtBenchPairResult.Game2Winner(PairVerdict.Error));
        Assert.True(Match(PairVerdict.A, PairVerdict.Error).IsError);
    }

    [Fact]
    public void WinRatesCountTiesAsHalfAndLeaveOutErrors()
    {
        var rate = MtBenchWinRate.Of([
            Match(PairVerdict.A, PairVerdict.B), Match(PairVerdict.A, PairVerdict.B), Match(PairVerdict.B, PairVerdict.A),
            Match(PairVerdict.A, PairVerdict.A), Match(PairVerdict.Error, PairVerdict.B)]);
        Assert.Equal((2, 1, 1, 1), (rate.Win, rate.Loss, rate.Tie, rate.Errors));
        Assert.Equal(0.5, rate.WinRate);
        Assert.Equal(0.25, rate.LossRate);
        Assert.Equal(0.625, rate.WinRateAdjusted);
        Assert.Throws<WpoException>(() => MtBenchWinRate.Of([Match(PairVerdict.Error, PairVerdict.Error)]));
    }
}
