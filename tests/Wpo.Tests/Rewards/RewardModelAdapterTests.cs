using System.Text.Json.Nodes;
using Wpo.Cli.Commands;
using Wpo.Modeling.Lora;
using Wpo.Rewards;
using Wpo.Tests.Cli;
using static TorchSharp.torch;

namespace Wpo.Tests.Rewards;

/// <summary>
/// A PEFT LoRA adapter on a reward model (golden llama reward model): zero B scores as the base exactly, a trained B
/// and head change the scores, <c>wpo merge</c> of a reward model scores as the adapted one, and bad adapters are one line.
/// </summary>
[Collection(nameof(ConsoleOutput))]
public sealed class RewardModelAdapterTests
{
    static readonly string Golden = Path.Combine(SharedFolders.Golden("reward_models"), "llama");

    /// <summary>Three sequences of 9 ids in 1..210 (the golden's pad id is 0, so none is padding).</summary>
    static Tensor Ids() => randint(1, 211, [3, 9], generator: new Generator(3), dtype: ScalarType.Int64);

    [Fact]
    public void An_adapter_with_zero_B_and_no_head_scores_exactly_as_the_base()
    {
        using var folder = new TemporaryFolder();
        string adapter = RewardAdapters.Write(folder.File("adapter"), Golden, zeroB: true);
        using var ids = Ids();
        using var baseModel = RewardModel.Load(Golden, ScalarType.Float32, CPU);
        using var adapted = RewardModel.Load(Golden, adapter, ScalarType.Float32, CPU);
        Assert.True(adapted.Adapters.Attached);
        Assert.Equal(RewardAdapters.Scores(baseModel, ids), RewardAdapters.Scores(adapted, ids));
    }

    [Fact]
    public void The_head_saved_by_modules_to_save_replaces_the_base_head()
    {
        using var folder = new TemporaryFolder();
        string adapter = RewardAdapters.Write(folder.File("adapter"), Golden, zeroB: true, head: w => w * 2);
        using var ids = Ids();
        using var baseModel = RewardModel.Load(Golden, ScalarType.Float32, CPU);
        using var adapted = RewardModel.Load(Golden, adapter, ScalarType.Float32, CPU);
        Assert.Equal(RewardAdapters.Scores(baseModel, ids).Select(s => 2 * s), RewardAdapters.Scores(adapted, ids));
    }

    [Fact]
    public void A_trained_adapter_changes_the_scores_and_its_merged_model_scores_the_same()
    {
        using var folder = new TemporaryFolder();
        string adapter = RewardAdapters.Write(folder.File("adapter"), Golden, zeroB: false, head: w => w + 0.05);
        string merged = folder.File("merged");
        MergeCommand.Merge(Golden, adapter, merged);
        using var ids = Ids();
        using var baseModel = RewardModel.Load(Golden, ScalarType.Float32, CPU);
        using var adapted = RewardModel.Load(Golden, adapter, ScalarType.Float32, CPU);
        using var mergedModel = RewardModel.Load(merged, ScalarType.Float32, CPU);
        float[] before = RewardAdapters.Scores(baseModel, ids), after = RewardAdapters.Scores(adapted, ids), folded = RewardAdapters.Scores(mergedModel, ids);
        Assert.All(before.Zip(after), pair => Assert.True(Math.Abs(pair.First - pair.Second) > 1e-3, $"{pair.First} vs {pair.Second}"));
        Assert.All(after.Zip(folded), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
        Assert.False(mergedModel.Adapters.Attached);
        Assert.Contains("LlamaForSequenceClassification", File.ReadAllText(Path.Combine(merged, "config.json")));
    }

    [Fact]
    public void Wpo_score_with_an_adapter_writes_the_merged_model_s_scores()
    {
        using var folder = new TemporaryFolder();
        string model = DemoTokenizerRewardModel.Write(folder.File("rm"));
        string adapter = RewardAdapters.Write(folder.File("adapter"), model, zeroB: false, head: w => w - 0.05);
        string merged = folder.File("merged");
        MergeCommand.Merge(model, adapter, merged);
        string input = Path.Combine(model, "demo_pairs.jsonl");
        string viaAdapter = folder.File("adapter.jsonl"), viaMerged = folder.File("merged.jsonl"), viaBase = folder.File("base.jsonl");
        foreach (var (output, extra) in new[] { (viaAdapter, new[] { "--reward-model", model, "--adapter", adapter }), (viaMerged, ["--reward-model", merged]), (viaBase, ["--reward-model", model]) })
        {
            var (code, _, error) = CliRun.Wpo(["score", input, "--output", output, "--batch-size", "4", .. extra]);
            Assert.True(code == 0, error);
        }
        double[] Scores(string file) => [.. File.ReadLines(file).SelectMany(line => JsonNode.Parse(line)!["outputs"]!.AsArray().Select(o => o!["score"]!.GetValue<double>()))];
        double[] adapted = Scores(viaAdapter), folded = Scores(viaMerged), original = Scores(viaBase);
        Assert.Equal(64, adapted.Length);
        Assert.All(adapted.Zip(folded), pair => Assert.Equal(pair.First, pair.Second, 1e-4));
        Assert.True(adapted.Zip(original).Count(pair => Math.Abs(pair.First - pair.Second) > 1e-3) > 60);
    }

    [Fact]
    public void An_adapter_for_another_shape_is_one_line_naming_the_tensor()
    {
        using var folder = new TemporaryFolder();
        // Gemma 2's golden has head_dim 32: its q_proj writes 128 values where the llama golden's writes 64.
        string adapter = RewardAdapters.Write(folder.File("adapter"), Path.Combine(SharedFolders.Golden("reward_models"), "gemma2"), zeroB: true);
        var error = Assert.Throws<WpoException>(() => RewardModel.Load(Golden, adapter, ScalarType.Float32, CPU));
        Assert.Contains("wrong shape: base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight expected [64, 4], found [128, 4]", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_adapter_file_is_one_error_line_from_wpo_score()
    {
        using var folder = new TemporaryFolder();
        string model = DemoTokenizerRewardModel.Write(folder.File("rm"));
        string adapter = RewardAdapters.Write(folder.File("adapter"), model, zeroB: true);
        File.Delete(Path.Combine(adapter, PeftAdapter.WeightsFileName));
        var (code, _, error) = CliRun.Wpo("score", Path.Combine(model, "demo_pairs.jsonl"), "--reward-model", model, "--adapter", adapter, "--output", folder.File("out.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains("adapter_model.safetensors", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void An_adapter_training_other_modules_is_refused()
    {
        using var folder = new TemporaryFolder();
        string adapter = RewardAdapters.Write(folder.File("adapter"), Golden, zeroB: true);
        string config = Path.Combine(adapter, PeftAdapter.ConfigFileName);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["modules_to_save"] = new JsonArray("lm_head");
        File.WriteAllText(config, json.ToJsonString());
        var error = Assert.Throws<WpoException>(() => RewardModel.Load(Golden, adapter, ScalarType.Float32, CPU));
        Assert.Contains("modules_to_save [\"lm_head\"] is not supported", error.Message);
    }
}
