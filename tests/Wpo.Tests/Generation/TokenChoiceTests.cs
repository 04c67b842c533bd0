using Wpo.Generation;
using static TorchSharp.torch;

namespace Wpo.Tests.Generation;

/// <summary>Draws of <see cref="TokenChoice"/>: only allowed tokens, in the proportions of the filtered softmax, from per-row streams.</summary>
public sealed class TokenChoiceTests
{
    const int Draws = 20_000;

    /// <summary>The 0.999 quantile of the chi-square distribution by degrees of freedom (1 … 9).</summary>
    static readonly double[] ChiSquare999 = [double.NaN, 10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877];

    static Tensor RandomLogits(int vocabulary, long seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return randn([1, vocabulary], generator: generator) * 2;
    }

    /// <summary><paramref name="count"/> draws from one row of logits, each with its own stream (prompt index = draw).</summary>
    static long[] Draw(Tensor logits, int count, long seed = 5)
    {
        using var scope = NewDisposeScope();
        var randoms = Enumerable.Range(0, count).Select(i => new RowRandom(seed, i, 0)).ToList();
        return TokenChoice.Choose(logits.expand(count, logits.shape[1]), greedy: false, randoms).data<long>().ToArray();
    }

    [Theory]
    [InlineData(3, 1.0)]
    [InlineData(0, 0.6)]
    [InlineData(5, 0.8)]
    public void Top_k_and_top_p_never_emit_a_token_outside_the_allowed_set(int topK, double topP)
    {
        using var scope = NewDisposeScope();
        var logits = RandomLogits(40, seed: 21);
        var settings = new SamplingSettings { DoSample = true, Temperature = 1.3, TopK = topK, TopP = topP, MaxNewTokens = 1 };
        var allowed = LogitsProcessors.Apply(logits, settings, null, null)[0].data<float>().ToArray()
            .Select((value, id) => (value, id)).Where(p => float.IsFinite(p.value)).Select(p => (long)p.id).ToHashSet();
        Assert.True(allowed.Count < 40, "the filter removed nothing, so the test could not fail");
        long[] drawn = Draw(LogitsProcessors.Apply(logits, settings, null, null), 5_000);
        Assert.All(drawn, token => Assert.Contains(token, allowed));
        Assert.Equal(allowed.Count, drawn.Distinct().Count());
    }

    [Fact]
    public void One_steps_empirical_distribution_matches_the_filtered_softmax()
    {
        using var scope = NewDisposeScope();
        var logits = RandomLogits(12, seed: 22) * 0.5;
        var settings = new SamplingSettings { DoSample = true, Temperature = 0.7, TopK = 8, TopP = 0.95, MaxNewTokens = 1 };
        var filtered = LogitsProcessors.Apply(logits, settings, null, null);
        double[] expected = filtered.to(ScalarType.Float64).softmax(-1)[0].data<double>().ToArray();
        long[] drawn = Draw(filtered, Draws);
        var counts = new double[expected.Length];
        foreach (long token in drawn) counts[token]++;

        int allowed = expected.Count(p => p > 0);
        Assert.True(allowed is > 2 and < 10, $"{allowed} tokens allowed: the case should filter some but not all");
        Assert.All(Enumerable.Range(0, expected.Length).Where(i => expected[i] == 0), i => Assert.Equal(0, counts[i]));
        double chiSquare = Enumerable.Range(0, expected.Length).Where(i => expected[i] > 0)
            .Sum(i => Math.Pow(counts[i] - Draws * expected[i], 2) / (Draws * expected[i]));
        TestContext.Current.TestOutputHelper?.WriteLine($"chi-square {chiSquare:F2} with {allowed - 1} degrees of freedom");
        Assert.True(chiSquare < ChiSquare999[allowed - 1], $"chi-square {chiSquare:F2} ≥ {ChiSquare999[allowed - 1]} (p < 0.001)");
    }

    [Fact]
    public void A_skewed_distribution_is_not_mistaken_for_the_softmax()
    {
        // The chi-square check above must be able to fail: draws of a tempered softmax against the untempered one.
        using var scope = NewDisposeScope();
        var logits = RandomLogits(6, seed: 23);
        double[] expected = logits.to(ScalarType.Float64).softmax(-1)[0].data<double>().ToArray();
        long[] drawn = Draw(logits / 1.2, Draws);
        var counts = new double[expected.Length];
        foreach (long token in drawn) counts[token]++;
        double chiSquare = Enumerable.Range(0, expected.Length).Sum(i => Math.Pow(counts[i] - Draws * expected[i], 2) / (Draws * expected[i]));
        Assert.True(chiSquare > ChiSquare999[5], $"chi-square {chiSquare:F2}");
    }

    [Fact]
    public void Greedy_choice_is_the_argmax_of_each_row()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0f, 3f, 1f, 5f, -1f, 2f }, [2, 3]);
        Assert.Equal([1L, 0L], TokenChoice.Choose(logits, greedy: true, null).data<long>().ToArray());
    }

    [Fact]
    public void A_rows_stream_depends_on_the_seed_the_prompt_and_the_sample_only()
    {
        static double[] Take(RowRandom random) => Enumerable.Range(0, 4).Select(_ => random.NextDouble()).ToArray();
        Assert.Equal(Take(new RowRandom(7, 3, 1)), Take(new RowRandom(7, 3, 1)));
        Assert.NotEqual(Take(new RowRandom(7, 3, 1)), Take(new RowRandom(7, 3, 0)));
        Assert.NotEqual(Take(new RowRandom(7, 3, 1)), Take(new RowRandom(7, 4, 1)));
        Assert.NotEqual(Take(new RowRandom(7, 3, 1)), Take(new RowRandom(8, 3, 1)));
        Assert.All(Take(new RowRandom(0, 0, 0)), u => Assert.InRange(u, 0.0, 1.0 - 1e-17));
    }
}
