using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>The liblinear port: its random numbers against numpy and C++, its answer against the exact solver.</summary>
public class LiblinearL1LogisticTests
{
    [Fact]
    public void SeedsAreNumpysRandomStateDraws()
    {
        // [np.random.RandomState(123).randint(np.iinfo("i").max) for _ in range(3)] with numpy 1.24
        Assert.Equal([843828734u, 914636141u, 1228959102u], Enumerable.Range(0, 3).Select(k => LiblinearL1Logistic.Seed(123, k)));
    }

    [Fact]
    public void Mt19937MatchesTheReference()
    {
        // std::mt19937 default seed 5489: the 10000th output is 4123659995 (C++11 [rand.predef]).
        var generator = new Mt19937(5489);
        uint value = 0;
        for (int k = 0; k < 10000; k++) value = generator.NextUInt32();
        Assert.Equal(4123659995u, value);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1)]
    [InlineData(1e3)]
    public void RunToATightToleranceItReachesTheOptimum(double c)
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, 300).Select(_ => new[] { random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, 1.0 }).ToList();
        var p = x.Select(r => random.NextDouble() < 0.2 ? Math.Round(random.NextDouble()) : 1 / (1 + Math.Exp(-(1.2 * r[0] - 0.4)))).ToList();
        var s = x.Select(_ => 0.5 + random.NextDouble()).ToList();
        var exact = L1Logistic.Fit(x, p, s, c);
        var port = LiblinearL1Logistic.Fit(x, p, s, c, 1e-10, 100000, LiblinearL1Logistic.Seed(123, 0));
        for (int j = 0; j < 3; j++) Assert.Equal(exact[j], port[j], 1e-6);
        var early = LiblinearL1Logistic.Fit(x, p, s, c, 1e-1, 100, LiblinearL1Logistic.Seed(123, 0));
        Assert.True(L1Logistic.Objective(x, p, s, c, early) >= L1Logistic.Objective(x, p, s, c, exact) - 1e-9);
    }
}
