using System.Text.Json.Nodes;
using Wpo.Evaluation;
using Wpo.Tests.Evaluation;
using Wpo.Tests.Rewards;
using static TorchSharp.torch;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo eval alpaca</c> end to end on golden models: generation (with an adapter), reward-model and local-model judging, the AlpacaEval files, resuming with any --limit.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class EvalAlpacaCommandTests
{
    [Fact]
    public void A_golden_model_judged_by_the_golden_reward_model_writes_alpaca_eval_files_and_resumes()
    {
        using var folder = new TemporaryFolder();
        string model = DemoTokenizerRewardModel.WriteCausalLM(Path.Combine(folder.Path, "tiny"));
        string rm = DemoTokenizerRewardModel.Write(Path.Combine(folder.Path, "rm"));
        string reference = SharedFolders.Data("alpaca_eval/results/gpt4_1106_preview/model_outputs.json");
        string output = Path.Combine(folder.Path, "eval");
        string[] args = ["eval", "alpaca", model, "--reference", reference, "--reward-model", rm, "--limit", "3", "--max-new-tokens", "6", "--greedy", "--output", output];
        var (code, text, error) = CliRun.Wpo(args);
        Assert.True(code == 0, error + text);
        Assert.Contains("n_wins / n_wins_base / n_draws / n_total", text);

        var outputs = AlpacaOutputsFile.Read(Path.Combine(output, "model_outputs.json"));
        var referenceRows = AlpacaOutputsFile.Read(reference);
        Assert.Equal(referenceRows.Take(3).Select(r => (r.Dataset, r.Instruction)), outputs.Select(r => (r.Dataset, r.Instruction)));
        Assert.All(outputs, r => Assert.Equal("tiny", r.Generator));
        var annotations = AnnotationsReader.Read(Path.Combine(output, "annotations.json"));
        Assert.Equal(3, annotations.Count);
        Assert.All(annotations, a => Assert.InRange(a.Preference!.Value, 1, 2));
        Assert.Equal(referenceRows.Take(3).Select(r => r.Output), annotations.Select(a => a.Output1));
        Assert.Equal(outputs.Select(r => r.Output), annotations.Select(a => a.Output2));
        var raw = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "annotations.json")))![0]!["raw_completion"]!;
        Assert.Equal(RewardPreference.Of(raw["reward_2"]!.GetValue<double>(), raw["reward_1"]!.GetValue<double>()), annotations[0].Preference!.Value, 12);
        Assert.Equal(100 * annotations.Average(a => a.Preference!.Value - 1), EvaluationJson.ReadNumbers(Path.Combine(output, "metrics.json")).First(p => p.Key == "win_rate").Value, 9);
        Assert.True(new FileInfo(Path.Combine(output, "metrics.png")).Length > 1000);
        Assert.Contains("LC not computed", text);
        Assert.Contains("5-fold cross-validation needs at least 5", System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " "));

        // A rerun resumes the generations and judges again only what its journal lacks: same files.
        string first = File.ReadAllText(Path.Combine(output, "model_outputs.json"));
        (code, text, error) = CliRun.Wpo(args);
        Assert.True(code == 0, error + text);
        Assert.Contains("already has all 3 prompts", text);
        Assert.Equal(first, File.ReadAllText(Path.Combine(output, "model_outputs.json")));
        Assert.Equal(3, AnnotationsReader.Read(Path.Combine(output, "annotations.json")).Count);
    }

    [Fact]
    public void A_rerun_with_a_smaller_limit_uses_the_first_rows_and_a_larger_one_continues()
    {
        using var folder = new TemporaryFolder();
        string model = DemoTokenizerRewardModel.WriteCausalLM(Path.Combine(folder.Path, "tiny"));
        string rm = DemoTokenizerRewardModel.Write(Path.Combine(folder.Path, "rm"));
        string reference = SharedFolders.Data("alpaca_eval/results/gpt4_1106_preview/model_outputs.json");
        string output = Path.Combine(folder.Path, "eval");
        string annotationsPath = Path.Combine(output, "annotations.json"), log = Path.Combine(output, "annotations.jsonl");
        (string Text, IReadOnlyList<AlpacaAnnotation> Rows) Run(int limit)
        {
            var (code, text, error) = CliRun.Wpo("eval", "alpaca", model, "--reference", reference, "--reward-model", rm, "--limit", $"{limit}",
                "--max-new-tokens", "4", "--greedy", "--output", output);
            Assert.True(code == 0, error + text);
            // The console wraps long lines (at any character): compared without white space.
            return (System.Text.RegularExpressions.Regex.Replace(text, @"\s+", ""), AnnotationsReader.Read(annotationsPath));
        }
        var three = Run(3).Rows;

        var (text, two) = Run(2);
        Assert.Contains("holds3answers:usingthefirst2", text);
        Assert.Contains("holds3judgedrows:usingthefirst2", text);
        Assert.Equal(three.Take(2), two);
        Assert.Equal(2, AlpacaOutputsFile.Read(Path.Combine(output, "model_outputs.json")).Count);
        Assert.Equal(3, File.ReadLines(log).Count());

        (text, var five) = Run(5);
        Assert.Contains("holds3judgedrows:judgingtheother2", text);
        Assert.Equal(three, five.Take(3));
        Assert.Equal(5, five.Count);
        Assert.Equal(5, File.ReadLines(log).Count());
        Assert.Equal(5, File.ReadLines(Path.Combine(output, "generations.jsonl")).Count());
    }

    [Fact]
    public async Task A_golden_model_as_local_judge_writes_its_preferences_with_the_order_undone()
    {
        using var folder = new TemporaryFolder();
        string reference = folder.File("reference.json", """
            [{"dataset":"d","instruction":"Name a colour.","output":"Blue, like the sky.","generator":"gpt4_1106_preview"},
             {"dataset":"d","instruction":"Say hello.","output":"Hello there!","generator":"gpt4_1106_preview"},
             {"dataset":"d","instruction":"Count to three.","output":"1, 2, 3.","generator":"gpt4_1106_preview"}]
            """);
        string outputs = folder.File("model_outputs.json", """
            [{"dataset":"d","instruction":"Say hello.","output":"hi","generator":"tiny"},
             {"dataset":"d","instruction":"Name a colour.","output":"red","generator":"tiny"},
             {"dataset":"d","instruction":"Count to three.","output":"one two three","generator":"tiny"}]
            """);
        string tokenizer = SharedFolders.Tokenizer211;
        string judgeModel = SharedFolders.GoldenLlama;
        string output = Path.Combine(folder.Path, "eval");
        var (code, text, error) = CliRun.Wpo("eval", "alpaca", outputs, "--reference", reference, "--judge-model", judgeModel, "--judge-tokenizer", tokenizer, "--output", output);
        Assert.True(code == 0, error + text);
        var annotations = AnnotationsReader.Read(Path.Combine(output, "annotations.json"));
        Assert.Equal(["Name a colour.", "Say hello.", "Count to three."], annotations.Select(a => a.Instruction));
        using var judge = new Wpo.Judging.AlpacaLocalJudge(judgeModel, null, tokenizer, ScalarType.Float32, CPU);
        foreach (var annotation in annotations)
        {
            var expected = await judge.JudgeAsync(annotation.Instruction, annotation.Output1, annotation.Output2, CancellationToken.None);
            Assert.Equal(expected.Preference, annotation.Preference);
        }
        var raw = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "annotations.json")))!.AsArray();
        Assert.All(raw, row => Assert.Equal(AlpacaOutputOrder.IsSwitched((string)row!["instruction"]!), (bool)row!["raw_completion"]!["is_switched_outputs"]!));
        Assert.All(raw, row => Assert.StartsWith("weighted_alpaca_eval_gpt4_turbo (local ", (string)row!["annotator"]!));
    }

    [Fact]
    public void With_an_adapter_the_answers_are_the_merged_models_and_not_the_bases()
    {
        // The golden llama with examples/tokenizer-211 beside it: its 211 tokens decode to distinct text (a random
        // model over a byte-level tokenizer of 259 tokens writes mostly invalid UTF-8, which decodes alike).
        using var setup = new TemporaryFolder();
        string golden = Path.Combine(setup.Path, "golden");
        Directory.CreateDirectory(golden);
        foreach (string file in Directory.GetFiles(SharedFolders.GoldenLlama).Where(f => !f.EndsWith("expected.safetensors", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(SharedFolders.Tokenizer211)))
            File.Copy(file, Path.Combine(golden, Path.GetFileName(file)));
        var (adapter, merged) = AlpacaAdapterFixture.Write(golden, setup.Path);
        string rm = DemoTokenizerRewardModel.Write(Path.Combine(setup.Path, "rm"));
        string reference = SharedFolders.Data("alpaca_eval/results/gpt4_1106_preview/model_outputs.json");
        (string[] Outputs, double?[] Preferences) Evaluate(string name, string model, params string[] extra)
        {
            string output = Path.Combine(setup.Path, name);
            var (code, text, error) = CliRun.Wpo(["eval", "alpaca", model, "--reference", reference, "--reward-model", rm, "--limit", "3",
                "--max-new-tokens", "8", "--greedy", "--name", "tiny", "--output", output, .. extra]);
            Assert.True(code == 0, error + text);
            return ([.. AlpacaOutputsFile.Read(Path.Combine(output, "model_outputs.json")).Select(o => o.Output)],
                [.. AnnotationsReader.Read(Path.Combine(output, "annotations.json")).Select(a => a.Preference)]);
        }
        var adapted = Evaluate("adapted", golden, "--adapter", adapter);
        var fromMerged = Evaluate("merged", merged);
        Assert.Equal(fromMerged.Outputs, adapted.Outputs);
        Assert.Equal(fromMerged.Preferences, adapted.Preferences);
        Assert.NotEqual(Evaluate("base", golden).Outputs, adapted.Outputs);
    }

    [Fact]
    public void Without_a_judge_it_says_so_in_one_line()
    {
        using var folder = new TemporaryFolder();
        string outputs = folder.File("model_outputs.json", """[{"dataset":"d","instruction":"i","output":"o","generator":"g"}]""");
        var (code, _, error) = CliRun.Wpo("eval", "alpaca", outputs, "--reference", outputs);
        Assert.NotEqual(0, code);
        Assert.Contains("give one judge", error);
    }
}
