using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>The L1 logistic solver: KKT conditions at its answer and cases checkable by hand.</summary>
public class L1LogisticTests
{
    static (List<double[]> X, List<double> P, List<double> S) Data(int n, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => new[] { random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, 1.0, 0.0 }).ToList();
        var p = x.Select(r => 1 / (1 + Math.Exp(-(1.5 * r[0] - 0.5 + 0.3 * (random.NextDouble() - 0.5))))).ToList();
        var s = x.Select(_ => 0.5 + random.NextDouble()).ToList();
        return (x, p, s);
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(0.05)]
    [InlineData(1)]
    [InlineData(1e4)]
    public void TheAnswerMeetsTheKktConditions(double c)
    {
        var (x, p, s) = Data(200, 7);
        var w = L1Logistic.Fit(x, p, s, c);
        Assert.All(L1Logistic.MinimumNormSubgradient(x, p, s, c, w), g => Assert.True(Math.Abs(g) <= 1e-6 * Math.Max(1, c), $"subgradient {g}"));
        Assert.Equal(0, w[3]); // an all-zero feature stays at zero
        // No coordinate move lowers the objective.
        double best = L1Logistic.Objective(x, p, s, c, w);
        for (int j = 0; j < w.Length; j++)
            foreach (double h in new[] { 1e-4, -1e-4 })
            {
                var moved = (double[])w.Clone();
                moved[j] += h;
                Assert.True(L1Logistic.Objective(x, p, s, c, moved) >= best - 1e-12);
            }
    }

    [Fact]
    public void ASmallCGivesZeroWeights()
    {
        var (x, p, s) = Data(50, 3);
        Assert.All(L1Logistic.Fit(x, p, s, 1e-4), w => Assert.Equal(0, w));
    }

    [Fact]
    public void OneFeatureWithConstantLabelsHasTheClosedForm()
    {
        // x = 1 for every row, label p, weight 1: minimise |w| + C n [softplus(−w) p + softplus(w)(1 − p)];
        // for w > 0 the optimum solves C n (σ(w) − p) + 1 = 0, so σ(w) = p − 1/(C n).
        int n = 100;
        double c = 0.5, p = 0.8;
        var x = Enumerable.Range(0, n).Select(_ => new[] { 1.0 }).ToList();
        var w = L1Logistic.Fit(x, Enumerable.Repeat(p, n).ToList(), Enumerable.Repeat(1.0, n).ToList(), c);
        double q = p - 1 / (c * n);
        Assert.Equal(Math.Log(q / (1 - q)), w[0], 1e-9);
    }
}
