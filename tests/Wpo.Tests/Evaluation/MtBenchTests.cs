using System.Text.Json;
using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>FastChat's MT-bench parsers and aggregation, on the 160 real judgements of ../shared/data/mt_bench.</summary>
public class MtBenchTests
{
    static string Judgements => SharedFolders.Data("mt_bench/instructlab_granite/gpt-4_single.jsonl");
    static string Questions => SharedFolders.Data("mt_bench/mt_bench/question.jsonl");

    [Fact]
    public void TheRatingParserAgreesWithFastChatOnEveryRealJudgement()
    {
        var rows = MtBenchScores.ReadJudgements(Judgements);
        Assert.Equal(160, rows.Count);
        Assert.Equal(120, rows.Count(r => r.Score == MtBenchJudgment.NoRating));
        Assert.All(rows, r => Assert.True(r.Score == MtBenchJudgment.ParseRating(r.Judgment), $"question {r.QuestionId} turn {r.Turn}: FastChat {r.Score}, parsed {MtBenchJudgment.ParseRating(r.Judgment)}"));
    }

    [Fact]
    public void ScoresLeaveOutUnratedRowsAndAverageByTurnAndCategory()
    {
        var scores = MtBenchScores.Of(MtBenchScores.ReadJudgements(Judgements), MtBenchScores.ReadCategories(Questions));
        Assert.Equal("granite-7b-lab", scores.Model);
        Assert.Equal(40, scores.Rated);
        Assert.Equal(120, scores.ParseFailures);
        Assert.Equal(7.4, scores.Overall, 1e-12);
        Assert.Equal(7.621621621621622, scores.ByTurn[1], 1e-12);
        Assert.Equal(4.666666666666667, scores.ByTurn[2], 1e-12);
        Assert.Equal(2.5, scores.ByCategory["coding"], 1e-12);
        Assert.Equal(8.25, scores.ByCategory["reasoning"], 1e-12);
        Assert.Equal(8, scores.ByCategory.Count);
    }

    [Theory]
    [InlineData("Rating: [[8]]", 8)]
    [InlineData("Rating: [[8.5]] overall", 8.5)]
    [InlineData("first [[10]] then [[3]]", 10)]
    [InlineData("a [7] without double brackets", 7)]
    [InlineData("[4] then [[6]]: the double form wins", 6)]
    [InlineData("[[5.]]", 5)]
    [InlineData("[[ 5 ]]", -1)]
    [InlineData("[[-3]]", -1)]
    [InlineData("Rating: 8/10", -1)]
    public void RatingsFollowFastChatsPatterns(string judgment, double expected) => Assert.Equal(expected, MtBenchJudgment.ParseRating(judgment));

    [Theory]
    [InlineData("Final verdict: [[A]]", PairVerdict.A)]
    [InlineData("[[B]]", PairVerdict.B)]
    [InlineData("It is a tie: [[C]]", PairVerdict.Tie)]
    [InlineData("[[B]] ... no, [[A]]", PairVerdict.A)]
    [InlineData("[A] is better", PairVerdict.Error)]
    public void VerdictsAreCheckedInFastChatsOrder(string judgment, PairVerdict expected) => Assert.Equal(expected, MtBenchJudgment.ParseVerdict(judgment));

    [Fact]
    public void WithoutAnyRatingOnlyTheCountsAreWritten()
    {
        var scores = MtBenchScores.Of([new MtBenchJudgementRow(81, "m", "no rating", MtBenchJudgment.NoRating, 1)], new Dictionary<int, string> { [81] = "writing" });
        Assert.Equal((0, 1), (scores.Rated, scores.ParseFailures));
        Assert.True(double.IsNaN(scores.Overall));
        Assert.Equal("""{"model":"m","mt_bench_rated":0,"mt_bench_parse_failures":1}""", MtBenchScoresFile.ToJson(scores).ToJsonString());
    }

    [Fact]
    public void ABadJudgementRowNamesTheFileRowAndKey()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("j.jsonl", """{"question_id": 81, "model": "m", "judgment": "[[5]]", "score": 5, "turn": 1}""" + "\n{\"question_id\": 82}\n");
        Assert.Contains("j.jsonl row 1: no 'model'", Assert.Throws<WpoException>(() => MtBenchScores.ReadJudgements(path)).Message);
    }
}
