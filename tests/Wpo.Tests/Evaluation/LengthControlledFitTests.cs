using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>The refit length-controlled GLM against scikit-learn's LogisticRegressionCV driven as AlpacaEval drives it.</summary>
public class LengthControlledFitTests
{
    public static TheoryData<string> Cases() => GlmCrosscheck.Names();

    /// <summary>Against liblinear run to convergence (tol 1e-10), by the exact solver: the same C, weights within 1e-3, LC within 0.05 points, the same CV scores.</summary>
    [Theory]
    [Trait("Category", "Golden")]
    [MemberData(nameof(Cases))]
    public void TheFitAgreesWithConvergedScikitLearn(string name) =>
        AssertAgrees(GlmCrosscheck.Case(name)["converged"]!, Fit(GlmCrosscheck.Case(name), converged: true), weightTolerance: 1e-3, scoreTolerance: 1e-6);

    /// <summary>
    /// Against AlpacaEval's own settings (liblinear stopped at tol 1e-4, max_iter 100, random_state 123), by the liblinear
    /// port: the same C, and weights and CV scores to rounding (measured: weights within 3e-13, scores within 2e-15).
    /// </summary>
    [Theory]
    [Trait("Category", "Golden")]
    [MemberData(nameof(Cases))]
    public void TheFitAgreesWithAlpacaEvalsSettings(string name) =>
        AssertAgrees(GlmCrosscheck.Case(name)["expected"]!, Fit(GlmCrosscheck.Case(name), converged: false), weightTolerance: 1e-9, scoreTolerance: 1e-12);

    static void AssertAgrees(System.Text.Json.Nodes.JsonNode expected, LengthControlledFit fit, double weightTolerance, double scoreTolerance)
    {
        Assert.Equal(expected["C"]?.GetValue<double>(), fit.C);
        AssertClose(expected, fit, weightTolerance);
        if (expected["cv_scores"] is { } scores)
            for (int fold = 0; fold < LengthControlledFit.Splits; fold++)
                for (int k = 0; k < LengthControlledFit.Cs.Length; k++)
                    Assert.True(Math.Abs(scores[fold]![k]!.GetValue<double>() - fit.CvScores![fold][k]) <= scoreTolerance,
                        $"fold {fold}, C {LengthControlledFit.Cs[k]}: score {fit.CvScores![fold][k]}, sklearn {scores[fold]![k]}");
    }

    static LengthControlledFit Fit(System.Text.Json.Nodes.JsonNode c, bool converged) =>
        LengthControlledFit.Of(GlmCrosscheck.Annotations(c), GlmCrosscheck.Difficulty(c), GlmCrosscheck.Gamed(c), converged);

    static void AssertClose(System.Text.Json.Nodes.JsonNode expected, LengthControlledFit fit, double weightTolerance)
    {
        var weights = expected["weights"]!.AsArray().Select(w => w!.GetValue<double>()).ToArray();
        double[] actual = [fit.Weights.Length, fit.Weights.Difficulty, fit.Weights.Bias];
        for (int j = 0; j < 3; j++)
            Assert.True(Math.Abs(weights[j] - actual[j]) <= weightTolerance, $"{GlmWeights.Columns[j]}: {actual[j]}, sklearn {weights[j]}");
        Assert.True(Math.Abs(expected["lc"]!.GetValue<double>() - fit.WinRate) <= 0.05, $"LC {fit.WinRate}, sklearn {expected["lc"]}");
        Assert.True(Math.Abs(expected["lc_standard_error"]!.GetValue<double>() - fit.StandardError) <= 0.01, $"LC SE {fit.StandardError}, sklearn {expected["lc_standard_error"]}");
    }

    [Fact]
    [Trait("Category", "Golden")]
    public void TheFoldsAreScikitLearnsGroupKFold()
    {
        foreach (var c in GlmCrosscheck.Cases())
        {
            if (c!["expected"]!["folds"] is not { } folds) continue;
            var expected = folds.AsArray().Select(f => f!.GetValue<int>()).ToArray();
            Assert.Equal(expected, GroupFolds.Assign(expected.Length, LengthControlledFit.Splits));
        }
    }

    [Fact]
    public void TheGridIsNumpysLogspace()
    {
        Assert.Equal(1e-4, LengthControlledFit.Cs[0], 1e-18);
        Assert.Equal(21.54434690031882, LengthControlledFit.Cs[6], 1e-12);
        Assert.Equal(1e4, LengthControlledFit.Cs[9]);
    }

    [Fact]
    public void ArgsortOfEqualKeysMatchesNumpy()
    {
        // np.argsort(np.full(30, 2)) with numpy 1.24
        Assert.Equal([0, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 28, 29], GroupFolds.ArgsortOfEqualKeys(30));
        Assert.Equal(Enumerable.Range(0, 16), GroupFolds.ArgsortOfEqualKeys(16));
    }

    [Fact]
    public void EqualLengthsAreAClearError()
    {
        var rows = Enumerable.Range(0, 10).Select(i => new AlpacaAnnotation(i, "i", "aaa", "base", "bbb", "model", 1.5)).ToList();
        var error = Assert.Throws<WpoException>(() => LengthControlledFit.Of(rows, InstructionDifficulty.Of("t", new double[10])));
        Assert.Contains("same length difference", error.Message);
    }
}
