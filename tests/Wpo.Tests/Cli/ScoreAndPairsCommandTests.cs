using System.Text.Json.Nodes;
using Wpo.Data;
using Wpo.Tests.Rewards;
using Wpo.Tests.Scoring;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo score</c> and <c>wpo pairs</c> from the command line: a reward model over the demo's pairs, rules, and errors as one line.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class ScoreAndPairsCommandTests
{
    [Fact]
    public void A_reward_model_scores_a_preference_file_and_its_maxmin_pairs_read_back()
    {
        using var folder = new TemporaryFolder();
        string model = DemoTokenizerRewardModel.Write(Path.Combine(folder.Path, "rm"));
        string scored = folder.File("scored.jsonl"), pairs = folder.File("pairs.jsonl");
        var (code, output, error) = CliRun.Wpo("score", Path.Combine(model, "demo_pairs.jsonl"), "--reward-model", model, "--output", scored, "--batch-size", "4");
        Assert.True(code == 0, error);
        Assert.Contains("32 lines, 64 outputs", output);
        Assert.All(File.ReadLines(scored), line => Assert.All(JsonNode.Parse(line)!["outputs"]!.AsArray(), o => Assert.NotNull(o!["score"])));

        (code, output, error) = CliRun.Wpo("pairs", scored, "--rule", "maxmin", "--output", pairs);
        Assert.True(code == 0, error);
        Assert.Contains("from 32 prompts", output);
        PreferenceRecord[] records = [.. RecordReader.ReadPreferences(pairs, null, BadRowPolicy.Fail, new BadRowLog())];
        Assert.InRange(records.Length, 30, 32);

        (code, output, error) = CliRun.Wpo("data", "inspect", pairs, "--model", model, "--no-cache");
        Assert.True(code == 0, error);
        Assert.Contains("pairs kept", output);
    }

    [Fact]
    public void A_rule_scores_a_generate_file_and_pairs_print_their_summary()
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 4, outputs: 3);
        string scored = folder.File("scored.jsonl"), pairs = folder.File("pairs.jsonl");
        var (code, output, error) = CliRun.Wpo("score", input, "--rule", "length", "--output", scored);
        Assert.True(code == 0, error);
        Assert.Contains("every output has a score", output);
        (code, output, error) = CliRun.Wpo("pairs", scored, "--rule", "paper", "--output", pairs, "--margin", "2");
        Assert.True(code == 0, error);
        Assert.Contains("4 pairs from 4 prompts", output);
    }

    [Theory]
    [InlineData("no scorer", "give one scorer")]
    [InlineData("two scorers", "give one scorer")]
    [InlineData("url alone", "--judge-url needs --judge-model")]
    [InlineData("unknown rule", "no such rule")]
    [InlineData("missing model", "no such directory")]
    public void Bad_score_flags_are_one_error_line(string what, string message)
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 1, outputs: 2);
        string[] scorer = what switch
        {
            "no scorer" => [],
            "two scorers" => ["--rule", "length", "--reward-model", folder.Path],
            "url alone" => ["--judge-url", "http://127.0.0.1:9/v1"],
            "unknown rule" => ["--rule", "nope"],
            _ => ["--reward-model", folder.File("absent")],
        };
        var (code, _, error) = CliRun.Wpo(["score", input, "--output", folder.File("out.jsonl"), .. scorer]);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
