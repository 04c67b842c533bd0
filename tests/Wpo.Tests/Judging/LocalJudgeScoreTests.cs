using System.Text.Json.Nodes;
using Wpo.Generation;
using Wpo.Tests.Cli;
using Wpo.Tests.Scoring;

namespace Wpo.Tests.Judging;

/// <summary>
/// A local judge that succeeds end to end: the golden llama model (random weights) with a one-token reply and the
/// prompt file below answers "5" (a bare number, which the reply parser accepts) for most outputs and a stray byte for
/// the others. The pattern was found by running a few prompt files over the golden models' greedy first tokens and is
/// pinned here: each output's score, reply and failure must land on its own row.
/// </summary>
[Collection(nameof(ConsoleOutput))]
public sealed class LocalJudgeScoreTests
{
    const string PromptFile = "Q: {prompt}\nA: {response}\nScore (1 to 6):";



    /// <summary>Each output's (score, reply, error) of <c>wpo score</c> with the pinned judge over four hand-made rows.</summary>
    static (double? Score, string? Reply, string? Error)[][] Judge(TemporaryFolder folder, string range, out string console)
    {
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 4, outputs: 2);
        string prompt = folder.File("judge.txt", PromptFile), output = folder.File($"scored-{range}.jsonl");
        var (code, text, error) = CliRun.Wpo("score", input, "--judge-model", SharedFolders.GoldenLlama, "--tokenizer", SharedFolders.Tokenizer211, "--judge-prompt", prompt,
            "--judge-max-tokens", "1", "--judge-range", range, "--output", output);
        Assert.True(code == 0, error);
        console = text;
        return [.. OutputLine.Read(output).Select(line => line.Outputs.Select(o =>
            (o!["score"]?.GetValue<double>(), (string?)o["judgement"], (string?)o["score_error"])).ToArray())];
    }

    [Fact]
    public void A_golden_judge_with_a_prompt_file_writes_parsed_scores_on_their_rows()
    {
        using var folder = new TemporaryFolder();
        var rows = Judge(folder, "1-6", out string console);
        double?[][] scores = [.. rows.Select(row => row.Select(o => o.Score).ToArray())];
        Assert.Equal([[null, 5.0], [5.0, 5.0], [5.0, 5.0], [null, 5.0]], scores);
        Assert.All(rows.SelectMany(row => row).Where(o => o.Score is not null), o => Assert.Equal(("5", (string?)null), (o.Reply, o.Error)));
        Assert.All(new[] { rows[0][0], rows[3][0] }, o => Assert.Equal("no 'Score: N' in the reply", o.Error));
        Assert.Contains("2 outputs in 2 rows have no score", console);
    }

    [Fact]
    public void A_parsed_score_off_the_judge_range_is_a_failure_of_its_row()
    {
        using var folder = new TemporaryFolder();
        var rows = Judge(folder, "1-4", out _);
        Assert.All(rows.SelectMany(row => row), o => Assert.Null(o.Score));
        Assert.Equal("score 5 is outside 1-4", rows[1][0].Error);
        Assert.Equal("no 'Score: N' in the reply", rows[0][0].Error);
    }
}
