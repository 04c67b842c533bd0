using System.Text.Json.Nodes;
using Spectre.Console.Testing;
using Wpo.Cli.Bench;
using Wpo.Cli.Generate;
using Wpo.Data;
using Wpo.Tests.Training;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo generate</c> on the demo tokenizer and a tiny model: the file's lines, resumption, and bad input.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class GenerateCommandTests
{
    /// <summary>The test's command line; <paramref name="changes"/> (option, value pairs) replace its values or add options.</summary>
    static string[] Arguments(TinyTrainingSetup setup, string output, params string[] changes)
    {
        var options = new List<(string Option, string Value)>
        {
            ("--prompts", Path.Combine(setup.DataDirectory, "test.jsonl")), ("--output", output), ("--n", "2"), ("--temperature", "1"),
            ("--top-p", "0.95"), ("--max-new-tokens", "6"), ("--batch-size", "3"), ("--seed", "5"),
        };
        for (int i = 0; i < changes.Length; i += 2)
        {
            options.RemoveAll(o => o.Option == changes[i]);
            options.Add((changes[i], changes[i + 1]));
        }
        return ["generate", setup.ModelDirectory, .. options.SelectMany(o => new[] { o.Option, o.Value })];
    }

    [Fact]
    public void Each_prompt_gets_a_line_with_its_messages_outputs_settings_and_original_pair()
    {
        using var setup = new TinyTrainingSetup();
        string output = Path.Combine(setup.Root, "out.jsonl");
        var (exitCode, text, error) = CliRun.Wpo(Arguments(setup, output));
        Assert.True(exitCode == 0, error);
        Assert.Contains("8 prompts, 16 outputs", text);
        var lines = File.ReadAllLines(output).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        Assert.Equal(8, lines.Count);
        Assert.Equal(Enumerable.Range(0, 8), lines.Select(line => (int)line["index"]!));
        var first = lines[0];
        Assert.Equal("user", (string)first["messages"]![0]!["role"]!);
        var messages = first["messages"]!.AsArray();
        Assert.Equal((string)messages[messages.Count - 1]!["content"]!, (string)first["prompt"]!);
        var outputs = first["outputs"]!.AsArray();
        Assert.Equal(2, outputs.Count);
        Assert.All(outputs, o => Assert.InRange((int)o!["token_count"]!, 1, 6));
        Assert.All(outputs, o => Assert.Contains((string)o!["finish_reason"]!, new[] { "eos", "length" }));
        Assert.NotEqual((string)outputs[0]!["text"]!, (string)outputs[1]!["text"]!);
        Assert.Equal("assistant", (string)first["original"]!["chosen"]![0]!["role"]!);
        var settings = first["settings"]!;
        Assert.Equal(Path.GetFullPath(setup.ModelDirectory), (string)settings["model"]!);
        Assert.Equal(5, (long)settings["seed"]!);
        Assert.Equal(0.95, (double)settings["top_p"]!);
        Assert.Equal(50, (int)settings["top_k"]!);
        Assert.True((bool)settings["do_sample"]!);
    }

    [Fact]
    public void A_resumed_run_equals_an_uninterrupted_one()
    {
        using var setup = new TinyTrainingSetup();
        string whole = Path.Combine(setup.Root, "whole.jsonl"), resumed = Path.Combine(setup.Root, "resumed.jsonl");
        Assert.Equal(0, CliRun.Wpo(Arguments(setup, whole)).ExitCode);
        string[] lines = File.ReadAllLines(whole);
        // Stopped after two prompts, in the middle of writing the third.
        File.WriteAllText(resumed, lines[0] + "\n" + lines[1] + "\n" + lines[2][..(lines[2].Length / 2)]);
        var (exitCode, text, error) = CliRun.Wpo(Arguments(setup, resumed, "--batch-size", "4"));
        Assert.True(exitCode == 0, error);
        Assert.Contains("resuming after the 2 prompts", text);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
        Assert.Contains("nothing to do", CliRun.Wpo(Arguments(setup, resumed)).Output);
    }

    [Fact]
    public void A_run_cancelled_during_its_first_batch_writes_that_batch_whole_and_resumes_to_the_uninterrupted_file()
    {
        using var setup = new TinyTrainingSetup();
        string whole = Path.Combine(setup.Root, "whole.jsonl"), resumed = Path.Combine(setup.Root, "resumed.jsonl");
        GenerateJob Job(string output) => new(setup.ModelDirectory, null, null, Path.Combine(setup.DataDirectory, "test.jsonl"), output,
            s => s with { DoSample = true, Temperature = 1, TopP = 0.95, MaxNewTokens = 6, SamplesPerPrompt = 2, Seed = 5 },
            BatchSize: 3, Limit: null, DType: "fp32", Template: null, Schema: null, BadRows: BadRowPolicy.Skip);
        GenerateRun.Run(Job(whole), new TestConsole(), CancellationToken.None);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var error = Assert.Throws<WpoException>(() => GenerateRun.Run(Job(resumed), new TestConsole(), cancelled.Token));
        Assert.Equal($"interrupted after 3 of 8 prompts, all written to {resumed}; rerun the same command to continue.", error.Message);
        string written = File.ReadAllText(resumed);
        Assert.EndsWith("\n", written);
        Assert.Equal(File.ReadLines(whole).Take(3), written.TrimEnd('\n').Split('\n'));

        var console = new TestConsole();
        GenerateRun.Run(Job(resumed), console, CancellationToken.None);
        Assert.Contains("resuming after the 3 prompts", console.Output);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
    }

    [Fact]
    public void Resuming_with_other_settings_is_one_error_line()
    {
        using var setup = new TinyTrainingSetup();
        string output = Path.Combine(setup.Root, "out.jsonl");
        Assert.Equal(0, CliRun.Wpo(Arguments(setup, output, "--limit", "2")).ExitCode);
        var (exitCode, _, error) = CliRun.Wpo(Arguments(setup, output, "--seed", "6"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: {output} line 1 was generated with other settings (seed: 5, now 6)", error);
    }

    [Fact]
    public void Stop_strings_and_greedy_decoding_reach_the_file()
    {
        using var setup = new TinyTrainingSetup();
        string output = Path.Combine(setup.Root, "out.jsonl");
        Assert.Equal(0, CliRun.Wpo("generate", setup.ModelDirectory, "--prompts", Path.Combine(setup.DataDirectory, "test.jsonl"), "--output", output,
            "--greedy", "--n", "2", "--max-new-tokens", "4", "--stop", "e", "--stop", "a", "--limit", "3").ExitCode);
        foreach (var line in File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!))
        {
            var outputs = line["outputs"]!.AsArray();
            Assert.Equal((string)outputs[0]!["text"]!, (string)outputs[1]!["text"]!);
            Assert.All(outputs, o => Assert.DoesNotContain("e", (string)o!["text"]!));
            Assert.False((bool)line["settings"]!["do_sample"]!);
            Assert.Equal(["e", "a"], line["settings"]!["stop"]!.AsArray().Select(s => (string)s!));
        }
    }

    [Theory]
    [InlineData("--batch-size", "0", "error: --batch-size must be at least 1 (got 0).")]
    [InlineData("--top-p", "1.5", "error: top_p must be in (0, 1] (got 1.5).")]
    [InlineData("--n", "0", "error: n (samples per prompt) must be at least 1 (got 0).")]
    public void Bad_flags_are_one_error_line(string option, string value, string expected)
    {
        using var setup = new TinyTrainingSetup();
        var (exitCode, _, error) = CliRun.Wpo(Arguments(setup, Path.Combine(setup.Root, "out.jsonl"), option, value));
        Assert.Equal(1, exitCode);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void Bench_generate_reports_every_batch_size_with_and_without_the_cache()
    {
        var report = GenerateBench.Run(null, "tiny", promptTokens: 4, newTokens: 3, batchSizes: [1, 2], dtypeName: "fp32");
        Assert.Equal([1, 2], report.Rows.Select(r => r.BatchSize));
        Assert.All(report.Rows, r => Assert.True(r.CachedTokensPerSecond > 0 && r.UncachedTokensPerSecond > 0));
    }
}
