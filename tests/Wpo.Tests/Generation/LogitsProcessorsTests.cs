using Wpo.Generation;
using static TorchSharp.torch;

namespace Wpo.Tests.Generation;

/// <summary>Each processor on hand-made logits, with the values transformers' (or vLLM's) definition gives.</summary>
public sealed class LogitsProcessorsTests
{
    static Tensor Row(params double[] values) => tensor(values.Select(v => (float)v).ToArray(), [1, values.Length]);

    static float[] Values(Tensor t) => t.data<float>().ToArray();

    static Tensor Probabilities(params double[] p) => Row(p.Select(x => Math.Log(x)).ToArray());

    static bool[] Kept(Tensor filtered) => Values(filtered).Select(float.IsFinite).ToArray();

    [Fact]
    public void The_repetition_penalty_divides_positive_and_multiplies_negative_logits_of_seen_tokens_only()
    {
        using var scope = NewDisposeScope();
        var seen = tensor(new[] { true, true, false, false }, [1, 4]);
        Assert.Equal([1f, -2f, 0.5f, 3f], Values(LogitsProcessors.RepetitionPenalty(Row(2, -1, 0.5, 3), seen, 2.0)));
    }

    [Fact]
    public void Presence_and_frequency_penalties_subtract_once_per_token_and_once_per_occurrence()
    {
        using var scope = NewDisposeScope();
        var counts = tensor(new[] { 2f, 0f, 1f, 0f }, [1, 4]);
        float[] result = Values(LogitsProcessors.PresenceAndFrequencyPenalties(Row(1, 1, 1, 1), counts, presence: 0.5, frequency: 0.25));
        Assert.Equal([0f, 1f, 0.25f, 1f], result);
    }

    [Fact]
    public void Temperature_divides_the_logits()
    {
        using var scope = NewDisposeScope();
        Assert.Equal([1f, -2f], Values(LogitsProcessors.Temperature(Row(0.5, -1), 0.5)));
    }

    [Fact]
    public void Top_k_keeps_the_k_largest_and_every_tie_with_the_kth()
    {
        using var scope = NewDisposeScope();
        Assert.Equal([false, true, true, false], Kept(LogitsProcessors.TopK(Row(1, 3, 3, 2), 2)));
        Assert.Equal([false, true, true, true], Kept(LogitsProcessors.TopK(Row(1, 3, 3, 2), 3)));
        Assert.Equal([true, true, true, true], Kept(LogitsProcessors.TopK(Row(1, 3, 3, 2), 10)));
        Assert.Equal([3f, 3f], Values(LogitsProcessors.TopK(Row(1, 3, 3, 2), 2)).Where(float.IsFinite));
    }

    [Fact]
    public void Top_p_keeps_the_smallest_most_likely_set_reaching_p_and_always_the_top_token()
    {
        using var scope = NewDisposeScope();
        var logits = Probabilities(0.3, 0.05, 0.5, 0.15);
        // Ascending cumulative probabilities 0.05, 0.20, 0.50, 1.0: those ≤ 1 − p go.
        Assert.Equal([true, false, true, false], Kept(LogitsProcessors.TopP(logits, 0.75)));
        Assert.Equal([true, false, true, true], Kept(LogitsProcessors.TopP(logits, 0.9)));
        Assert.Equal([false, false, true, false], Kept(LogitsProcessors.TopP(logits, 0.01)));
    }

    [Fact]
    public void Min_p_drops_tokens_below_min_p_times_the_top_probability()
    {
        using var scope = NewDisposeScope();
        var logits = Probabilities(0.3, 0.05, 0.5, 0.15);
        Assert.Equal([true, false, true, false], Kept(LogitsProcessors.MinP(logits, 0.4)));
        Assert.Equal([false, false, true, false], Kept(LogitsProcessors.MinP(logits, 1.0)));
    }

    [Fact]
    public void Apply_runs_transformers_order_and_greedy_decoding_skips_the_warpers()
    {
        using var scope = NewDisposeScope();
        var logits = Row(2.0, -1.0, 0.5, 1.5, -3.0);
        var seen = tensor(new[] { true, false, false, true, false }, [1, 5]);
        var counts = tensor(new[] { 0f, 0f, 1f, 2f, 0f }, [1, 5]);
        var settings = new SamplingSettings
        {
            DoSample = true, Temperature = 0.5, TopK = 4, TopP = 0.9, MinP = 0.05, RepetitionPenalty = 1.3, PresencePenalty = 0.2, FrequencyPenalty = 0.1, MaxNewTokens = 1,
        };
        var expected = LogitsProcessors.RepetitionPenalty(logits, seen, 1.3);
        expected = LogitsProcessors.PresenceAndFrequencyPenalties(expected, counts, 0.2, 0.1);
        var penalised = expected;
        expected = LogitsProcessors.MinP(LogitsProcessors.TopP(LogitsProcessors.TopK(LogitsProcessors.Temperature(expected, 0.5), 4), 0.9), 0.05);
        Assert.Equal(Values(expected), Values(LogitsProcessors.Apply(logits, settings, seen, counts)));
        Assert.Equal(Values(penalised), Values(LogitsProcessors.Apply(logits, settings with { Temperature = 0 }, seen, counts)));
        Assert.Equal(Values(penalised), Values(LogitsProcessors.Apply(logits, settings with { DoSample = false }, seen, counts)));
    }
}
