using Wpo.Judging;

namespace Wpo.Tests.Judging;

/// <summary>The judge's reply parser on replies as judges write them and on broken ones.</summary>
public sealed class JudgeReplyTests
{
    public static TheoryData<string, double> Readable() => new()
    {
        { "The response is relevant and answers the question directly, with a clear structure.\n\nScore: 5", 5 },
        { "**Justification:** The answer is correct but terse; it misses the follow-up.\n\n**Score:** 4", 4 },
        { "Relevant (1), substantial (2), useful (3).\nTotal score: 3/6", 3 },
        { "I considered giving a score: 2 at first, but the final part is useful.\nScore: 4", 4 },
        { "The score is 6.", 6 },
        { "score=2", 2 },
        { "Justification: off topic.\n1", 1 },
        { "It answers the question well.\n\n5/6", 5 },
        { "Score: 4.5", 4.5 },
        { "SCORE: 3\n", 3 },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Reads_the_score_of_a_real_looking_reply(string reply, double expected)
    {
        var (score, error) = JudgeReply.Parse(reply, JudgeScale.Default);
        Assert.Null(error);
        Assert.Equal(expected, score);
    }

    public static TheoryData<string?, string> Broken() => new()
    {
        { null, "empty reply" },
        { "   \n", "empty reply" },
        { "The response is helpful and accurate.", "no 'Score: N'" },
        { "I cannot evaluate this response.", "no 'Score: N'" },
        { "Score: seven", "no 'Score: N'" },
        { "Score: 7", "outside 1-6" },
        { "Score: 0", "outside 1-6" },
        { "Score: -2", "outside 1-6" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Reports_why_a_broken_reply_has_no_score(string? reply, string reason)
    {
        var (score, error) = JudgeReply.Parse(reply, JudgeScale.Default);
        Assert.Null(score);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_wider_scale_accepts_its_range()
    {
        JudgeScale scale = JudgeScale.Parse("1-10", "--judge-range");
        Assert.Equal(9.0, JudgeReply.Parse("Score: 9", scale).Score);
        Assert.Throws<WpoException>(() => JudgeScale.Parse("10-1", "--judge-range"));
        Assert.Throws<WpoException>(() => JudgeScale.Parse("high", "--judge-range"));
    }

    [Fact]
    public void The_prompt_fills_both_placeholders_once_leaving_braces_in_the_texts()
    {
        string filled = JudgePrompt.BuiltIn.Format("Say {response} literally", "ok {prompt}");
        Assert.Contains("Say {response} literally", filled);
        Assert.Contains("ok {prompt}", filled);
        Assert.DoesNotContain("<question>\n{prompt}", filled);
        Assert.Throws<WpoException>(() => new JudgePrompt("Rate {response}", "test.txt"));
    }
}
