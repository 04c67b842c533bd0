using System.Text.Json.Nodes;
using Wpo.Data;
using Wpo.Generation;
using Wpo.Judging;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Scoring;
using Wpo.Tests.Modeling.Lora;
using Wpo.Tests.Scoring;
using Wpo.Tests.Training;
using Wpo.Text;
using static TorchSharp.torch;

namespace Wpo.Tests.Cli;

/// <summary>
/// On-policy data with adapters and with the golden models: generation with base + adapter equals the merged model's,
/// <c>examples/tokenizer-211</c> fits the golden models, the README's generate → score → pairs → inspect chain runs on
/// them, and a golden model as local judge gives deterministic replies, counts its parse failures per row and resumes.
/// </summary>
[Collection(nameof(ConsoleOutput))]
public sealed class OnPolicyGoldenTests
{


    static string GoldenRewardModel => Path.Combine(SharedFolders.Golden("reward_models"), "llama");

    static string Prompts => SharedFolders.Data(Path.Combine("llama_factory", "dpo_en_demo.json"));

    /// <summary>The outputs' texts of a generate file, line by line.</summary>
    static string[][] Texts(string path) =>
        [.. File.ReadLines(path).Select(line => JsonNode.Parse(line)!["outputs"]!.AsArray().Select(o => (string)o!["text"]!).ToArray())];

    [Fact]
    public void Greedy_generation_with_an_adapter_equals_the_merged_model_and_differs_from_the_base()
    {
        using var setup = new TinyTrainingSetup();
        string adapter = Path.Combine(setup.Root, "adapter"), merged = Path.Combine(setup.Root, "merged");
        using (var model = CausalLM.Load(setup.ModelDirectory, ScalarType.Float32, CPU))
        {
            LoraAdapters.Attach(model, TinyLora.AllLinear(rank: 2, alpha: 4), seed: 11);
            TinyLora.MoveB(model, seed: 13);
            PeftAdapter.Save(model, adapter, setup.ModelDirectory);
        }
        Assert.Equal(0, CliRun.Wpo("merge", setup.ModelDirectory, adapter, merged).ExitCode);

        string[][] Generate(string name, string model, params string[] extra)
        {
            string output = Path.Combine(setup.Root, name + ".jsonl");
            var (code, _, error) = CliRun.Wpo(["generate", model, "--prompts", Path.Combine(setup.DataDirectory, "test.jsonl"), "--output", output,
                "--greedy", "--limit", "4", "--max-new-tokens", "8", .. extra]);
            Assert.True(code == 0, error);
            return Texts(output);
        }
        string[][] adapted = Generate("adapted", setup.ModelDirectory, "--adapter", adapter);
        Assert.Equal(Generate("merged", merged), adapted);
        Assert.NotEqual(Generate("base", setup.ModelDirectory), adapted);
        string first = File.ReadLines(Path.Combine(setup.Root, "adapted.jsonl")).First();
        Assert.Equal(Path.GetFullPath(adapter), (string)JsonNode.Parse(first)!["settings"]!["adapter"]!);
    }

    [Fact]
    public void The_example_tokenizer_fits_the_golden_models_ids_and_special_tokens()
    {
        var tokenizer = Tokenizer.Load(SharedFolders.Tokenizer211);
        Assert.Equal(211, tokenizer.VocabularySize);
        var config = ModelConfig.Load(SharedFolders.GoldenLlama);
        Assert.Equal(config.VocabSize, tokenizer.VocabularySize);
        Assert.Equal(config.EosTokenIds, [(long)tokenizer.EosId!.Value]);
        Assert.Equal(0, tokenizer.PadId);
        string text = "Hello, world!\n\tA line with digits 123 and é.";
        int[] ids = tokenizer.Encode(tokenizer.ApplyChatTemplate([new ChatMessage("user", text)], addGenerationPrompt: true));
        Assert.All(ids, id => Assert.InRange(id, 0, 210));
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text), skipSpecialTokens: true));
        // A byte the 211 tokens leave out (a control character) becomes <unk>, never an id past the embedding.
        Assert.Equal([3], tokenizer.Encode("\u0001"));
    }

    [Fact]
    public void Generate_score_pairs_and_inspect_run_on_the_golden_models_with_the_example_tokenizer()
    {
        using var folder = new TemporaryFolder();
        string generated = folder.File("gen.jsonl"), scored = folder.File("scored.jsonl"), pairs = folder.File("pairs.jsonl");
        var (code, output, error) = CliRun.Wpo("generate", SharedFolders.GoldenLlama, "--tokenizer", SharedFolders.Tokenizer211, "--prompts", Prompts, "--limit", "3",
            "--n", "3", "--temperature", "0.7", "--top-p", "0.95", "--max-new-tokens", "4", "--output", generated);
        Assert.True(code == 0, error);
        Assert.Contains("3 prompts, 9 outputs", output);
        (code, output, error) = CliRun.Wpo("score", generated, "--reward-model", GoldenRewardModel, "--tokenizer", SharedFolders.Tokenizer211, "--output", scored);
        Assert.True(code == 0, error);
        Assert.Contains("every output has a score", output);
        (code, output, error) = CliRun.Wpo("pairs", scored, "--rule", "v2", "--tokenizer", SharedFolders.Tokenizer211, "--output", pairs);
        Assert.True(code == 0, error);
        Assert.Equal(3, RecordReader.ReadPreferences(pairs, null, BadRowPolicy.Fail, new BadRowLog()).Count());
        (code, output, error) = CliRun.Wpo("data", "inspect", pairs, "--model", SharedFolders.Tokenizer211, "--no-cache");
        Assert.True(code == 0, error);
        Assert.Contains("pairs kept", output);
    }

    [Fact]
    public void A_tokenizer_larger_than_the_model_is_one_error_line()
    {
        using var setup = new TinyTrainingSetup();
        var (code, _, error) = CliRun.Wpo("generate", SharedFolders.GoldenLlama, "--tokenizer", setup.ModelDirectory, "--prompts", Prompts, "--limit", "1",
            "--output", Path.Combine(setup.Root, "out.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains("more than the model's vocab_size 211", error);
    }

    static LocalJudge GoldenJudge() =>
        new(SharedFolders.GoldenLlama, null, SharedFolders.Tokenizer211, ScalarType.Float32, CPU, JudgePrompt.BuiltIn, JudgeScale.Parse("1-6", "--judge-range"), maxNewTokens: 5);

    [Fact]
    public void A_golden_model_as_local_judge_replies_deterministically_and_counts_parse_failures_per_row()
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 3, outputs: 2);
        string first = folder.File("first.jsonl"), second = folder.File("second.jsonl");
        var (code, output, error) = CliRun.Wpo("score", input, "--judge-model", SharedFolders.GoldenLlama, "--tokenizer", SharedFolders.Tokenizer211, "--judge-max-tokens", "5", "--output", first);
        Assert.True(code == 0, error);
        // A random model's reply holds no score: every output is counted, row by row, with its reply kept.
        Assert.Contains("6 outputs in 3 rows have no score", output);
        Assert.All(OutputLine.Read(first), line => Assert.All(line.Outputs, o =>
        {
            Assert.Null(o!["score"]);
            Assert.False(string.IsNullOrEmpty((string?)o["score_error"]));
            Assert.NotNull(o["judgement"]);
        }));
        Assert.Equal(0, CliRun.Wpo("score", input, "--judge-model", SharedFolders.GoldenLlama, "--tokenizer", SharedFolders.Tokenizer211, "--judge-max-tokens", "5", "--output", second).ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void A_local_judge_run_cancelled_after_a_chunk_resumes_to_the_uninterrupted_file()
    {
        using var folder = new TemporaryFolder();
        string input = GeneratedFiles.Write(folder.File("gen.jsonl"), lines: 4, outputs: 2);
        string whole = folder.File("whole.jsonl"), resumed = folder.File("resumed.jsonl");
        using var judge = GoldenJudge();
        ScoreRun.Run(input, whole, judge, chunkOutputs: 2, cancel: TestContext.Current.CancellationToken);
        using var stop = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => ScoreRun.Run(input, resumed, judge, chunkOutputs: 2, _ => stop.Cancel(), stop.Token));
        Assert.Single(File.ReadAllLines(ScoreRun.PartialPath(resumed)));
        ScoreSummary summary = ScoreRun.Run(input, resumed, judge, chunkOutputs: 2, cancel: TestContext.Current.CancellationToken);
        Assert.Equal((4, 8, 6), (summary.Lines, summary.Outputs, summary.ScoredNow));
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
    }
}
