using System.Text.Json.Nodes;
using Wpo.Generation;
using Wpo.Scoring;

namespace Wpo.Tests.Scoring;

/// <summary>The resumable score run: scores beside each output, an interrupted run resumed equals an uninterrupted one, wrong resumptions refused.</summary>
public sealed class ScoreRunTests
{
    static IOutputScorer Length => RuleScorers.Scorer(RuleScorers.Find("length"));

    [Fact]
    public void Each_output_gets_its_score_and_each_line_the_scorer()
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 3, outputs: 2);
        string output = folder.File("scored.jsonl");
        ScoreSummary summary = ScoreRun.Run(input, output, Length, chunkOutputs: 2, cancel: TestContext.Current.CancellationToken);
        Assert.Equal((3, 6, 6), (summary.Lines, summary.Outputs, summary.ScoredNow));
        Assert.Empty(summary.FailedRows);
        OutputLine[] lines = [.. OutputLine.Read(output)];
        Assert.Equal("answer 2.1!".Length, lines[2].Outputs[1]!["score"]!.GetValue<double>());
        Assert.Equal("rule", lines[0].Json["scorer"]!["kind"]!.GetValue<string>());
        Assert.Equal(0.7, lines[0].Json["settings"]!["temperature"]!.GetValue<double>());
        Assert.False(File.Exists(ScoreRun.PartialPath(output)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void An_interrupted_run_resumed_equals_an_uninterrupted_one(int chunksBeforeStop)
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 10, outputs: 3);
        string whole = folder.File("whole.jsonl"), resumed = folder.File("resumed.jsonl");
        ScoreRun.Run(input, whole, Length, chunkOutputs: 4, cancel: TestContext.Current.CancellationToken);

        using var stop = new CancellationTokenSource();
        int chunks = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ScoreRun.Run(input, resumed, Length, chunkOutputs: 4, _ => { if (++chunks == chunksBeforeStop) stop.Cancel(); }, stop.Token));
        Assert.False(File.Exists(resumed));
        // A kill in the middle of a write leaves a torn line: it is cut and scored again.
        File.AppendAllText(ScoreRun.PartialPath(resumed), """{"index": 9, "prompt": "quest""");
        ScoreSummary summary = ScoreRun.Run(input, resumed, Length, chunkOutputs: 4, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
        Assert.Equal(30, summary.Outputs);
        Assert.Equal(30 - chunksBeforeStop * 6, summary.ScoredNow);
    }

    /// <summary>A scorer that cancels the run while it scores a chunk (Ctrl-C arriving mid-batch).</summary>
    sealed class CancellingScorer(IOutputScorer inner, CancellationTokenSource stop) : IOutputScorer
    {
        public JsonObject Describe() => inner.Describe();

        public Task<IReadOnlyList<ScoreResult>> ScoreAsync(IReadOnlyList<ScoreRequest> requests, CancellationToken cancel)
        {
            stop.Cancel();
            return inner.ScoreAsync(requests, cancel);
        }
    }

    [Fact]
    public void Cancelling_in_the_middle_of_a_chunk_keeps_that_chunk_and_a_rerun_scores_only_the_rest()
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 5, outputs: 2);
        string whole = folder.File("whole.jsonl"), resumed = folder.File("resumed.jsonl");
        ScoreRun.Run(input, whole, Length, chunkOutputs: 4, cancel: TestContext.Current.CancellationToken);
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => ScoreRun.Run(input, resumed, new CancellingScorer(Length, stop), chunkOutputs: 4, cancel: stop.Token));
        Assert.Equal(2, File.ReadAllLines(ScoreRun.PartialPath(resumed)).Length);
        ScoreSummary summary = ScoreRun.Run(input, resumed, Length, chunkOutputs: 4, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(6, summary.ScoredNow);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
    }

    [Fact]
    public void Resuming_with_another_scorer_or_input_is_refused_and_a_finished_output_is_kept()
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 4, outputs: 2);
        string output = folder.File("scored.jsonl");
        using (var stop = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() => ScoreRun.Run(input, output, Length, 2, _ => stop.Cancel(), stop.Token));

        var other = Assert.Throws<WpoException>(() => ScoreRun.Run(input, output, RuleScorers.Scorer(RuleScorers.Find("exact-match")), 2, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("written by another scorer", other.Message);

        string another = GeneratedFiles.Write(folder.File("other.jsonl"), lines: 4, outputs: 2);
        File.WriteAllText(another, File.ReadAllText(another).Replace("question 0", "something else"));
        var input2 = Assert.Throws<WpoException>(() => ScoreRun.Run(another, output, Length, 2, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("from another input", input2.Message);

        ScoreRun.Run(input, output, Length, 2, cancel: TestContext.Current.CancellationToken);
        var again = Assert.Throws<WpoException>(() => ScoreRun.Run(input, output, Length, 2, cancel: TestContext.Current.CancellationToken));
        Assert.Contains("already exists", again.Message);
    }

    [Fact]
    public void A_preference_file_is_scored_as_chosen_and_rejected_outputs()
    {
        using var folder = new TemporaryFolder();
        string rows = folder.File("prefs.jsonl", string.Join("\n",
            """{"prompt": "Capital of France?", "chosen": [{"role": "user", "content": "Capital of France?"}, {"role": "assistant", "content": "Paris."}], "rejected": [{"role": "user", "content": "Capital of France?"}, {"role": "assistant", "content": "Lyon, I think."}], "score_chosen": 9, "score_rejected": 3}""",
            """{"prompt": "2+2?", "chosen": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}], "rejected": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "5"}], "score_chosen": 8, "score_rejected": 1}"""));
        string output = folder.File("scored.jsonl");
        ScoreRun.Run(rows, output, RuleScorers.Scorer(RuleScorers.Find("exact-match")), 8, cancel: TestContext.Current.CancellationToken);
        OutputLine[] lines = [.. OutputLine.Read(output)];
        Assert.Equal(2, lines.Length);
        Assert.Equal(["chosen", "rejected"], lines[0].Outputs.Select(o => o!["source"]!.GetValue<string>()));
        // exact-match compares with the original chosen answer: 1 for chosen, 0 for rejected.
        Assert.Equal([1.0, 0.0], lines[1].Outputs.Select(o => o!["score"]!.GetValue<double>()));
        Assert.Equal("Capital of France?", lines[0].Prompt);
    }

    [Fact]
    public void Failures_are_counted_per_row()
    {
        using var folder = new TemporaryFolder();
        string input = folder.File("gen.jsonl", GeneratedFiles.Line(5, [("a", 1, null), ("b", 1, null)]).ToJsonString() + "\n");
        JsonObject line = JsonNode.Parse(File.ReadAllText(input))!.AsObject();
        line.Remove("original");
        File.WriteAllText(input, line.ToJsonString() + "\n");
        ScoreSummary summary = ScoreRun.Run(input, folder.File("scored.jsonl"), RuleScorers.Scorer(RuleScorers.Find("exact-match")), 8, cancel: TestContext.Current.CancellationToken);
        var (index, failed, error) = Assert.Single(summary.FailedRows);
        Assert.Equal((5L, 2), (index, failed));
        Assert.Contains("no reference", error);
    }

    [Fact]
    public void An_unknown_rule_names_the_nearest()
    {
        var error = Assert.Throws<WpoException>(() => RuleScorers.Find("lenght"));
        Assert.Contains("did you mean length?", error.Message);
    }
}
