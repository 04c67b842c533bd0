using Wpo.Demo;
using Wpo.Scoring;

namespace Wpo.Tests.Demo;

public sealed class ArithmeticRewardTests
{
    static readonly ArithmeticProblem Sum = new(7, '+', 5);

    [Theory]
    [InlineData("7 + 5 = 12.\nAnswer: 12", 1.5)]
    [InlineData("Answer: 12", 1.5)]
    [InlineData("  Answer: 12.  ", 1.5)]
    [InlineData("7 + 5 = 12.", 1.0)]
    [InlineData("12", 1.0)]
    [InlineData("7 + 5 = 13.\nAnswer: 13", 0.5)]
    [InlineData("7 + 5 = 12.\nAnswer: 13", 0.5)]
    [InlineData("Answer: 13\nActually it is 12", -0.04)]
    [InlineData("seven and five", 0.0)]
    [InlineData("", 0.0)]
    public void Scores_correctness_and_the_requested_format(string answer, double expected) =>
        Assert.Equal(expected, ArithmeticReward.Score(Sum, answer), 10);

    [Fact]
    public void Longer_answers_cost_a_cent_a_character_beyond_the_free_length_up_to_half_a_point()
    {
        string free = "Sure! 7 plus 5 is 12.\nAnswer: 12"[^ArithmeticReward.FreeLength..];
        Assert.Equal(1.5, ArithmeticReward.Score(Sum, free), 10);
        Assert.Equal(1.5 - 0.1, ArithmeticReward.Score(Sum, new string('x', 10) + free), 10);
        Assert.Equal(1.0, ArithmeticReward.Score(Sum, new string('x', 500) + "\nAnswer: 12"), 10);
    }

    [Fact]
    public void Differences_and_negative_numbers_are_read_with_their_sign()
    {
        var difference = new ArithmeticProblem(3, '-', 3);
        Assert.Equal(1.5, ArithmeticReward.Score(difference, "3 - 3 = 0.\nAnswer: 0"), 10);
        Assert.Equal(0.5, ArithmeticReward.Score(difference, "Answer: -1"), 10);
    }

    [Fact]
    public void The_rule_is_registered_and_reads_the_problem_from_the_prompt()
    {
        var rule = RuleScorers.Find("arithmetic");
        var problem = new ArithmeticProblem(9, '-', 4);
        Assert.Equal(1.5, rule.Score(new ScoreRequest(problem.Prompt, [], "Answer: 5", null)).Score);
        var failed = rule.Score(new ScoreRequest("What is the capital of France?", [], "Paris", null));
        Assert.Null(failed.Score);
        Assert.Contains("not a demo arithmetic prompt", failed.Error);
    }

    [Fact]
    public void Every_prompt_parses_back_to_its_problem_and_the_split_is_disjoint_and_seeded()
    {
        Assert.Equal(155, ArithmeticTask.All.Count);
        Assert.All(ArithmeticTask.All, p => Assert.Equal(p, ArithmeticTask.Parse(p.Prompt)));
        var (train, eval) = ArithmeticTask.Split(seed: 3, evalCount: 30);
        Assert.Equal(30, eval.Count);
        Assert.Empty(train.Intersect(eval));
        Assert.Equal(eval, ArithmeticTask.Split(seed: 3, evalCount: 30).Eval);
        Assert.NotEqual(eval, ArithmeticTask.Split(seed: 4, evalCount: 30).Eval);
        Assert.Contains("1 to 154", Assert.Throws<WpoException>(() => ArithmeticTask.Split(1, 155)).Message);
    }

    [Fact]
    public void The_demonstrations_are_imperfect_at_their_stated_rates_and_the_house_style_scores_full_marks()
    {
        var random = new Random(1);
        var scores = Enumerable.Range(0, 4000).Select(i => ArithmeticTask.All[i % 155])
            .Select(p => ArithmeticReward.Score(p, ArithmeticAnswers.Demonstration(p, random))).ToList();
        Assert.InRange(scores.Count(s => s == 1.5) / 4000.0, 0.75 * 0.75 - 0.03, 0.75 * 0.75 + 0.03);
        Assert.InRange(scores.Count(s => s < 1) / 4000.0, 0.25 - 0.03, 0.25 + 0.03);
        Assert.All(ArithmeticTask.All, p => Assert.Equal(1.5, ArithmeticReward.Score(p, ArithmeticAnswers.HouseStyle(p, p.Result, formatted: true)), 10));
    }
}
