using System.Text.Json.Nodes;
using Wpo.Generation;
using Wpo.Judging;
using Wpo.Scoring;
using Wpo.Tests.Scoring;

namespace Wpo.Tests.Judging;

/// <summary>
/// <c>wpo score</c>'s OpenAI-compatible judge end to end against a server on 127.0.0.1: scores parsed from the replies,
/// parse failures counted per row, and a resumed run asking only for what is missing and writing what an uninterrupted one writes.
/// </summary>
public sealed class ApiJudgeTests
{
    /// <summary>Scores by the answer's number of '!' (plus one); the answer of prompt 3, output 1 gets a reply without a score.</summary>
    static CannedReply Judge(int _, JsonObject request)
    {
        string prompt = request["messages"]![0]!["content"]!.GetValue<string>();
        if (prompt.Contains("answer 3.1", StringComparison.Ordinal)) return CannedReply.Completion("I am unable to rate this response.");
        int marks = prompt.Split("<response>")[1].Count(c => c == '!');
        return CannedReply.Completion($"The response is fine.\nScore: {marks + 1}");
    }

    static ApiJudge Scorer(CannedChatServer server, ChatCompletionsClient client) =>
        new(client, Options(server), JudgePrompt.BuiltIn, JudgeScale.Default);

    static ChatCompletionsOptions Options(CannedChatServer server) => new()
    {
        Endpoint = ChatCompletionsOptions.EndpointFor(server.BaseUrl),
        Model = "judge-test",
        Concurrency = 3,
        FirstBackoff = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public void Replies_become_scores_and_parse_failures_are_reported_per_row()
    {
        using var server = new CannedChatServer(Judge);
        using var client = new ChatCompletionsClient(Options(server));
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 5, outputs: 3);
        string output = folder.File("scored.jsonl");
        ScoreSummary summary = ScoreRun.Run(input, output, Scorer(server, client), chunkOutputs: 6, cancel: TestContext.Current.CancellationToken);

        var (index, failed, error) = Assert.Single(summary.FailedRows);
        Assert.Equal((3L, 1), (index, failed));
        Assert.Contains("no 'Score: N'", error);
        OutputLine[] lines = [.. OutputLine.Read(output)];
        Assert.Equal([1.0, 2.0, 3.0], lines[0].Outputs.Select(o => o!["score"]!.GetValue<double>()));
        JsonObject broken = lines[3].Outputs[1]!.AsObject();
        Assert.Null(broken["score"]);
        Assert.Equal("I am unable to rate this response.", broken["judgement"]!.GetValue<string>());
        Assert.Equal("judge-test", lines[0].Json["scorer"]!["model"]!.GetValue<string>());
        Assert.Equal(15, server.Requests.Count);
        Assert.InRange(server.MaxInFlight, 1, 3);
    }

    /// <summary>8 lines × 3 outputs, scored whole in chunks of 6 (24 requests); the paths of the input, that run's output and a second output.</summary>
    static (string Input, string Whole, string Resumed) ScoredWhole(CannedChatServer server, ChatCompletionsClient client, TemporaryFolder folder)
    {
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 8, outputs: 3);
        string whole = folder.File("whole.jsonl");
        ScoreRun.Run(input, whole, Scorer(server, client), chunkOutputs: 6, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(24, server.Requests.Count);
        return (input, whole, folder.File("resumed.jsonl"));
    }

    [Fact]
    public void A_resumed_run_asks_only_for_what_is_missing_and_equals_an_uninterrupted_one()
    {
        using var server = new CannedChatServer(Judge);
        using var client = new ChatCompletionsClient(Options(server));
        using var folder = new TemporaryFolder();
        var (input, whole, resumed) = ScoredWhole(server, client, folder);

        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => ScoreRun.Run(input, resumed, Scorer(server, client), 6, _ => stop.Cancel(), stop.Token));
        Assert.Equal(24 + 6, server.Requests.Count);
        ScoreRun.Run(input, resumed, Scorer(server, client), chunkOutputs: 6, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(24 + 24, server.Requests.Count);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
    }

    [Fact]
    public void Cancelling_while_a_slow_chunk_is_in_flight_abandons_it_at_once_and_the_rerun_asks_only_for_the_rest()
    {
        // From request `slowFrom` on, the endpoint takes 30 s per reply.
        int slowFrom = int.MaxValue;
        using var server = new CannedChatServer((number, request) =>
            Judge(number, request) with { Delay = number >= Volatile.Read(ref slowFrom) ? TimeSpan.FromSeconds(30) : TimeSpan.Zero });
        using var client = new ChatCompletionsClient(Options(server));
        using var folder = new TemporaryFolder();
        var (input, whole, resumed) = ScoredWhole(server, client, folder);

        // The interrupted run's first chunk (6 requests) is answered at once, the second chunk's are slow; the run is
        // cancelled 300 ms after the first chunk is written, while the second chunk's first requests wait on the server.
        Volatile.Write(ref slowFrom, 24 + 6);
        using var stop = new CancellationTokenSource();
        var sinceCancel = new System.Diagnostics.Stopwatch();
        using var started = stop.Token.Register(sinceCancel.Start);
        Assert.ThrowsAny<OperationCanceledException>(() => ScoreRun.Run(input, resumed, Scorer(server, client), 6,
            progress => { if (progress.Lines == 2) stop.CancelAfter(TimeSpan.FromMilliseconds(300)); }, stop.Token));
        sinceCancel.Stop();
        Assert.True(sinceCancel.Elapsed < TimeSpan.FromSeconds(1), $"the run took {sinceCancel.Elapsed} to stop after the cancel");
        Assert.InRange(server.Requests.Count, 24 + 7, 24 + 9);
        string partial = File.ReadAllText(ScoreRun.PartialPath(resumed));
        Assert.EndsWith("\n", partial);
        Assert.Equal(File.ReadLines(whole).Take(2), partial.TrimEnd('\n').Split('\n'));

        Volatile.Write(ref slowFrom, int.MaxValue);
        int before = server.Requests.Count;
        ScoreRun.Run(input, resumed, Scorer(server, client), chunkOutputs: 6, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(24 - 6, server.Requests.Count - before);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
    }
}
