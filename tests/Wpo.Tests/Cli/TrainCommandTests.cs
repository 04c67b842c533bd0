using Wpo.Tests.Training;
using Wpo.Training;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo train</c>: recipe errors as one line naming the file or the command line, the dry run, and a short real run.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class TrainCommandTests
{
    /// <summary>Meta-Llama-3-8B-Instruct's config.json (the architecture keys): a dry run needs no weights.</summary>
    const string Llama3Config = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 128256, "hidden_size": 4096,
         "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
         "max_position_embeddings": 8192, "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "hidden_act": "silu",
         "tie_word_embeddings": false, "bos_token_id": 128000, "eos_token_id": 128009, "torch_dtype": "bfloat16"}
        """;

    [Fact]
    public void An_unknown_key_in_the_recipe_names_the_file_and_the_nearest_key()
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("typo", "lerning_rate: 1.0e-6");
        var (exitCode, _, error) = CliRun.Wpo("train", recipe);
        Assert.Equal(1, exitCode);
        Assert.Equal($"error: {recipe}: unknown key 'lerning_rate' (did you mean 'learning_rate'?). README \"Training\" lists every key.", error.Trim());
    }

    [Fact]
    public void An_unknown_or_mistyped_flag_names_the_command_line()
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("flags");
        Assert.Contains("error: the command line: unknown key 'max_step' (did you mean 'max_steps'?)", CliRun.Wpo("train", recipe, "--max-step", "3").Error);
        Assert.Contains("error: the command line: key 'max_steps' is 'many'; expected a whole number.", CliRun.Wpo("train", recipe, "--max_steps", "many").Error);
        Assert.Contains("--beta is given twice", CliRun.Wpo("train", recipe, "--beta", "0.1", "--beta=0.2").Error);
        Assert.Contains("unexpected argument 'extra'", CliRun.Wpo("train", recipe, "extra").Error);
    }

    [Fact]
    public void A_dry_run_prints_settings_with_their_sources_the_plan_and_the_memory_without_any_weights()
    {
        using var setup = new TinyTrainingSetup();
        string model = Path.Combine(setup.Root, "llama3-8b");
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, "config.json"), Llama3Config);
        foreach (string file in new[] { "tokenizer.json", "tokenizer_config.json" })
            File.Copy(Path.Combine(SharedFolders.Golden("tokenizers"), "llama3", file), Path.Combine(model, file));
        string recipe = setup.Recipe("dry", $"push_to_hub: true\nchat_template: {SharedFolders.Golden("preference_pairs")}/templates/llama3-8b-instruct.jinja");

        var (exitCode, output, error) = CliRun.Wpo("train", recipe, "--dry-run", "--model_name_or_path", model, "--gradient-accumulation-steps", "3", "--bf16");
        Assert.Equal("", error);
        Assert.Equal(0, exitCode);
        string flat = string.Join(" ", output.Split((char[])[' ', '│', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("gradient_accumulation_steps 3 flag", flat);
        Assert.Contains("bf16 true flag", flat);
        Assert.Contains("learning_rate 0.0001 file", flat);
        Assert.Contains("adam_beta2 0.999 default", flat);
        Assert.Contains("ignored keys (accepted, no effect here): push_to_hub (no network)", flat);
        Assert.Contains("8,030,261,248 parameters", flat);
        Assert.Contains("train pairs 24", flat);
        Assert.Contains("effective batch 12 pairs (4 × 3 accumulation steps × 1 process)", flat);
        Assert.Contains("steps per epoch 2", flat);
        Assert.Contains("total steps 4 (2 epochs)", flat);
        Assert.Contains("warm-up steps 1 (10 % of the steps (warmup_ratio))", flat);
        Assert.Contains("model state 119.66 GiB", flat);
        Assert.False(Directory.Exists(setup.OutputDirectory("dry")), "a dry run wrote to output_dir");
    }

    [Theory]
    [InlineData("llama3-8b-instruct-wpo.yaml")]
    [InlineData("zephyr-mistral-wpo.yaml")]
    [InlineData("demo-wpo.yaml")]
    public void The_seed_recipes_read_without_unknown_keys_and_stop_at_the_missing_model(string name)
    {
        string recipe = Path.Combine(SharedFolders.RepositoryRoot, "configs", name);
        var (exitCode, _, error) = CliRun.Wpo("train", recipe, "--dry-run");
        Assert.Equal(1, exitCode);
        Assert.Matches("^error: .*: model_name_or_path '.*' has no config.json", error);
    }

    [Fact]
    public void A_dry_run_of_the_llama_recipe_with_only_its_config_prints_the_plan_that_needs_no_data_then_the_data_error()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("llama3-8b/config.json"), Llama3Config);
        string recipe = Path.Combine(SharedFolders.RepositoryRoot, "configs", "llama3-8b-instruct-wpo.yaml");
        var (exitCode, output, error) = CliRun.Wpo("train", recipe, "--dry-run", "--model_name_or_path", Path.Combine(folder.Path, "llama3-8b"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Trim().Split('\n'));
        string flat = string.Join(" ", output.Split((char[])[' ', '│', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("effective batch 16 pairs (2 × 8 accumulation steps × 1 process)", flat);
        Assert.Contains("length 2 epochs; the step counts need the data", flat);
        Assert.Contains("warm-up 10 % of the steps (warmup_ratio)", flat);
        Assert.Contains("model state 119.66 GiB", flat);
    }

    [Fact]
    public void A_short_run_logs_metrics_and_saves_a_model_with_its_tokenizer()
    {
        using var setup = new TinyTrainingSetup();
        var (exitCode, output, error) = CliRun.Wpo("train", setup.Recipe("short"), "--max_steps", "2");
        Assert.Equal("", error);
        Assert.Equal(0, exitCode);
        Assert.Contains("step 2 (epoch 0.67)  loss", output);
        Assert.Contains("trained: model and tokenizer in", output);
        string run = setup.OutputDirectory("short");
        Assert.Equal([1, 2], MetricsLog.Read(run).Select(row => row.Step));
        Assert.Equal(["config.json", "metrics.jsonl", "model.safetensors", ReferenceLogProbs.CacheFileName, "tokenizer.json", "tokenizer_config.json"],
            Directory.GetFiles(run).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, CliRun.Wpo("inspect", run).ExitCode);
    }
}
