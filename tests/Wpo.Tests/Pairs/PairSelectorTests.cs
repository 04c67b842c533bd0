using Wpo.Pairs;

namespace Wpo.Tests.Pairs;

/// <summary>Each pair rule on hand-made scores, with ties of each kind.</summary>
public sealed class PairSelectorTests
{
    static Candidate[] Of(params (double Score, int Length)[] outputs) => [.. outputs.Select((o, i) => new Candidate($"output {i}", o.Score, o.Length))];

    static PairChoice Select(PairRule rule, Candidate[] candidates, double? margin = null, double? threshold = null, int seed = 1) =>
        PairSelector.Select(candidates, new PairOptions(rule, threshold, margin), new Random(seed));

    [Fact]
    public void V2_takes_the_top_and_the_minimum_without_ties()
    {
        PairChoice choice = Select(PairRule.V2, Of((3, 10), (5, 20), (1, 30), (4, 5)));
        Assert.Equal((1, 2), (choice.Chosen, choice.Rejected));
        Assert.Empty(choice.Ties);
    }

    [Fact]
    public void V2_breaks_a_top_tie_by_the_shortest_and_a_bottom_tie_by_the_length_closest_to_the_chosen()
    {
        // Top 5 at lengths 40, 12, 30: the shortest is output 1 (12 tokens). Bottom 1 at lengths 50, 15, 3: closest to 12 is output 5.
        PairChoice choice = Select(PairRule.V2, Of((5, 40), (5, 12), (5, 30), (1, 50), (1, 3), (1, 15)));
        Assert.Equal((1, 5), (choice.Chosen, choice.Rejected));
        Assert.Equal(["top tie → shortest", "bottom tie → closest length"], choice.Ties);
    }

    [Fact]
    public void V2_ties_of_equal_length_go_to_the_first()
    {
        // Top tie: lengths 7 and 7 → the first (output 0). Bottom tie: 4 and 10 are both 3 from 7 → the first (output 2).
        PairChoice choice = Select(PairRule.V2, Of((6, 7), (6, 7), (2, 4), (2, 10)));
        Assert.Equal((0, 2), (choice.Chosen, choice.Rejected));
        Assert.Equal(["top tie → shortest, then first", "bottom tie → closest length, then first"], choice.Ties);
    }

    [Fact]
    public void V2_and_maxmin_drop_a_prompt_whose_scores_are_all_equal_or_closer_than_the_margin()
    {
        Assert.Equal(PairSelector.NoGap, Select(PairRule.V2, Of((3, 1), (3, 2), (3, 3))).Dropped);
        Assert.Equal(PairSelector.NoGap, Select(PairRule.MaxMin, Of((3, 1), (3, 2))).Dropped);
        Assert.Equal(PairSelector.NoGap, Select(PairRule.V2, Of((3.5, 1), (3, 2)), margin: 1).Dropped);
        Assert.Null(Select(PairRule.V2, Of((4, 1), (3, 2)), margin: 1).Dropped);
    }

    [Fact]
    public void Maxmin_takes_the_first_of_tied_outputs_at_both_ends()
    {
        PairChoice choice = Select(PairRule.MaxMin, Of((2, 9), (7, 9), (7, 1), (2, 1), (5, 5)));
        Assert.Equal((1, 0), (choice.Chosen, choice.Rejected));
        Assert.Equal(["top tie → first", "bottom tie → first"], choice.Ties);
    }

    [Fact]
    public void Paper_rejects_a_random_output_at_least_the_margin_lower()
    {
        var candidates = Of((5, 1), (4.5, 1), (4, 1), (2, 1), (1, 1));
        var rejected = new HashSet<int>();
        for (int seed = 0; seed < 200; seed++)
        {
            PairChoice choice = Select(PairRule.Paper, candidates, seed: seed);
            Assert.Equal(0, choice.Chosen);
            rejected.Add(choice.Rejected);
            Assert.Equal(choice.Rejected, Select(PairRule.Paper, candidates, seed: seed).Rejected);
        }
        // Outputs 2, 3, 4 score at least 1 lower; output 1 (0.5 lower) never is rejected.
        Assert.Equal([2, 3, 4], rejected.Order());
    }

    [Fact]
    public void Paper_draws_the_chosen_among_a_top_tie()
    {
        var candidates = Of((6, 1), (2, 1), (6, 1), (6, 1));
        var chosen = new HashSet<int>();
        for (int seed = 0; seed < 100; seed++)
        {
            PairChoice choice = Select(PairRule.Paper, candidates, seed: seed);
            Assert.Equal(1, choice.Rejected);
            Assert.Equal(["top tie → random"], choice.Ties);
            chosen.Add(choice.Chosen);
        }
        Assert.Equal([0, 2, 3], chosen.Order());
    }

    [Fact]
    public void Paper_drops_a_prompt_without_an_output_the_margin_lower_and_honours_the_margin()
    {
        Assert.Equal(PairSelector.NoneLower, Select(PairRule.Paper, Of((5, 1), (4.5, 1), (4.2, 1))).Dropped);
        Assert.Null(Select(PairRule.Paper, Of((5, 1), (4.5, 1)), margin: 0.5).Dropped);
        // Margin 0 allows a tie at the top as the rejected: chosen and rejected are then different outputs of equal score.
        PairChoice tie = Select(PairRule.Paper, Of((5, 1), (5, 1)), margin: 0);
        Assert.Null(tie.Dropped);
        Assert.NotEqual(tie.Chosen, tie.Rejected);
    }

    [Fact]
    public void Every_rule_drops_below_the_threshold_and_with_fewer_than_two_outputs()
    {
        foreach (PairRule rule in Enum.GetValues<PairRule>())
        {
            Assert.Equal(PairSelector.BelowThreshold, Select(rule, Of((3, 1), (1, 1)), threshold: 4).Dropped);
            Assert.Equal(PairSelector.TooFew, Select(rule, Of((3, 1))).Dropped);
            Assert.Null(Select(rule, Of((4, 1), (1, 1)), threshold: 4).Dropped);
        }
    }
}
