using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>The length-controlled win rate from AlpacaEval's stored GLM weights and the approximate difficulty table.</summary>
public class LengthControlledTests
{
    [Fact]
    public void StoredWeightsGiveThePublishedLcWithin05PointsForEveryModel()
    {
        var weights = GlmWeights.ReadTable(SharedFolders.Data(AlpacaLeaderboard.WeightsFile));
        var difficulty = InstructionDifficulty.Read(SharedFolders.Data(AlpacaLeaderboard.DifficultyFile));
        var rows = AlpacaLeaderboard.Rows();
        Assert.Equal(805, difficulty.Count);
        Assert.True(weights.Count >= 199, $"{weights.Count} models in the weights file");
        int compared = 0;
        foreach (var (model, modelWeights) in weights)
        {
            if (!rows.TryGetValue(model, out var row) || row["length_controlled_winrate"] is not { Length: > 0 } published) continue;
            var (lc, _) = LengthControlled.Of(modelWeights, difficulty);
            Assert.True(Math.Abs(lc - AlpacaLeaderboard.Number(published)) <= 0.5, $"{model}: LC {lc:F3}, published {published}");
            compared++;
        }
        Assert.True(compared >= 199, $"only {compared} models compared");
    }

    [Fact]
    public void TheBaselineAgainstItselfIs50AndPredictWinrateIsTheDifferenceOfWeights()
    {
        var difficulty = InstructionDifficulty.Read(SharedFolders.Data(AlpacaLeaderboard.DifficultyFile));
        var weights = GlmWeights.ReadTable(SharedFolders.Data(AlpacaLeaderboard.WeightsFile));
        var (self, selfError) = LengthControlled.Of(weights["gpt4_1106_preview"], difficulty);
        Assert.Equal(50, self, 1e-12);
        Assert.Equal(0, selfError, 1e-12);

        var a = new GlmWeights(0.3, 0.8, -1.2);
        var b = new GlmWeights(-0.4, 0.1, 0.5);
        var (ab, _) = LengthControlled.Against(a, b, difficulty);
        var (ba, _) = LengthControlled.Against(b, a, difficulty);
        double expected = 100 * difficulty.Values.Average(d => 1 / (1 + Math.Exp(-(-1.7 + 0.7 * d))));
        Assert.Equal(expected, ab, 1e-9);
        Assert.Equal(100 - ab, ba, 1e-9); // σ(−x) = 1 − σ(x)
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(800, 1)]
    [InlineData(-800, 0)]
    [InlineData(2, 0.8807970779778823)]
    public void LogisticIsStableAtTheExtremes(double x, double expected) => Assert.Equal(expected, LengthControlled.Logistic(x), 1e-15);

    [Fact]
    public void AMissingModelNamesTheNearestOne()
    {
        string path = SharedFolders.Data(AlpacaLeaderboard.WeightsFile);
        var error = Assert.Throws<WpoException>(() => GlmWeights.Of(GlmWeights.ReadTable(path), "alpaca-7c", path));
        Assert.Contains("no weights for model 'alpaca-7c'", error.Message);
        Assert.Contains("did you mean", error.Message);
    }

    [Theory]
    [InlineData("index,instruction_difficulty\n0,0.1\n2,0.3\n", "line 3: index 2, expected 1")]
    [InlineData("index,difficulty\n0,0.1\n", "no column 'instruction_difficulty'")]
    [InlineData("index,instruction_difficulty\n0,abc\n", "line 2: 'abc' is not a number")]
    [InlineData("index,instruction_difficulty\n0\n", "line 2: 1 fields, the header has 2")]
    public void BadDifficultyTablesNameTheLine(string csv, string expected)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("difficulty.csv", csv);
        var error = Assert.Throws<WpoException>(() => InstructionDifficulty.Read(path));
        Assert.Contains(expected, error.Message);
    }
}
