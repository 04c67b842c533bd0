using Wpo.Checkpoints;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Training;
using static TorchSharp.torch;

namespace Wpo.Tests.Training;

/// <summary>The tests that draw LoRA dropout from torch's global CPU generator, run alone so that no other test draws from it meanwhile.</summary>
[CollectionDefinition(nameof(GlobalGenerator), DisableParallelization = true)]
public sealed class GlobalGenerator;

/// <summary>Whole runs with <c>use_peft: true</c> on a tiny model: adapter output, exact resume, the adapter-off reference, config errors.</summary>
[Collection(nameof(GlobalGenerator))]
public sealed class LoraTrainingRunTests
{
    const string Lora = "use_peft: true\nlora_r: 4\nlora_alpha: 8\nlora_target_modules: all-linear";

    sealed class Recorder(int? cancelAfter = null) : ITrainingObserver
    {
        public readonly CancellationTokenSource Cancel = new();

        public void Stepped(int step, IReadOnlyDictionary<string, double> metrics, double tokensPerSecond)
        {
            if (step == cancelAfter) Cancel.Cancel();
        }
    }

    static TrainingOutcome Train(string recipe, Recorder recorder, params (string Key, string Value)[] overrides) =>
        TrainingRun.Prepare(TrainingRecipe.Load(recipe, overrides.Select(o => KeyValuePair.Create(o.Key, o.Value))))
            .Train(recorder, cancel: recorder.Cancel.Token);

    static string[] Metrics(string directory) =>
        [.. MetricsLog.Read(directory).Select(row => new MetricRow(row.Step, row.Epoch, [.. row.Values.Where(v => v.Key is not ("tokens_per_second" or "elapsed_seconds"))]).ToJson())];

    [Fact]
    public void A_bf16_lora_run_with_dropout_and_checkpointing_resumes_exactly_and_ends_in_an_adapter_directory()
    {
        using var setup = new TinyTrainingSetup();
        string settings = $"{Lora}\nlora_dropout: 0.1\nbf16: true\ngradient_checkpointing: true\neval_strategy: steps\neval_steps: 2\nsave_steps: 100";
        string whole = setup.Recipe("whole", settings);
        string resumed = setup.Recipe("resumed", settings);
        Assert.Equal(TrainingOutcome.Completed, Train(whole, new Recorder()));
        Assert.Equal(TrainingOutcome.Interrupted, Train(resumed, new Recorder(cancelAfter: 3)));
        string output = setup.OutputDirectory("resumed");
        Assert.True(File.Exists(Path.Combine(output, "checkpoint-3", PeftAdapter.WeightsFileName)));
        Assert.False(File.Exists(Path.Combine(output, "checkpoint-3", SafeTensorsCheckpoint.SingleFileName)), "a LoRA checkpoint holds the adapters, not the model");
        Assert.Equal(TrainingOutcome.Completed, Train(resumed, new Recorder(), ("resume_from_checkpoint", "true")));

        string wholeOutput = setup.OutputDirectory("whole");
        Assert.Equal(File.ReadAllBytes(Path.Combine(wholeOutput, PeftAdapter.WeightsFileName)), File.ReadAllBytes(Path.Combine(output, PeftAdapter.WeightsFileName)));
        Assert.Equal(Metrics(wholeOutput), Metrics(output));
        Assert.True(File.Exists(Path.Combine(wholeOutput, PeftAdapter.ConfigFileName)));
        Assert.True(File.Exists(Path.Combine(wholeOutput, "tokenizer.json")));
        Assert.False(File.Exists(Path.Combine(wholeOutput, SafeTensorsCheckpoint.SingleFileName)));

        using var trained = CausalLM.Load(setup.ModelDirectory, wholeOutput, ScalarType.BFloat16, CPU);
        var adapters = trained.Adapters.Parameters(trained);
        Assert.Equal(ScalarType.Float32, adapters[0].Parameter.dtype);
        Assert.True(adapters.Where(p => p.Name.EndsWith("lora_B.weight", StringComparison.Ordinal)).All(p => p.Parameter.abs().max().item<float>() > 0), "training should move every B off zero");
    }

    [Fact]
    public void The_adapter_off_reference_gives_the_precomputed_runs_metrics()
    {
        using var setup = new TinyTrainingSetup();
        Train(setup.Recipe("precomputed", $"{Lora}\nlora_dropout: 0\nmax_steps: 3"), new Recorder());
        Train(setup.Recipe("frozen", $"{Lora}\nlora_dropout: 0\nmax_steps: 3\nreference: model"), new Recorder());
        Assert.False(File.Exists(Path.Combine(setup.OutputDirectory("frozen"), ReferenceLogProbs.CacheFileName)));
        var precomputed = MetricsLog.Read(setup.OutputDirectory("precomputed"));
        var frozen = MetricsLog.Read(setup.OutputDirectory("frozen"));
        Assert.Equal(3, frozen.Count);
        Assert.True(frozen[^1]["rewards/margins"] != 0, "the adapters should have moved the policy from the reference");
        foreach (var (a, b) in precomputed.Zip(frozen))
            foreach (string key in new[] { "loss", "rewards/margins", "grad_norm" })
                Assert.Equal(a[key], b[key], 1e-6);
    }

    [Fact]
    public void The_trainer_keys_read_as_trl_and_alignment_handbook_spell_them()
    {
        using var setup = new TinyTrainingSetup();
        var defaults = TrainingRecipe.Load(setup.Recipe("defaults", "use_peft: true")).Training.Lora!;
        Assert.Equal((16, 32.0, 0.05, false), (defaults.Rank, defaults.Alpha, defaults.Dropout, defaults.UseRslora));
        Assert.Equal(["q_proj", "v_proj"], defaults.TargetModules);
        var listed = TrainingRecipe.Load(setup.Recipe("listed", "use_peft: true\nuse_rslora: true\nlora_target_modules:\n- v_proj\n- q_proj\n- down_proj")).Training.Lora!;
        Assert.Equal(["q_proj", "v_proj", "down_proj"], listed.TargetModules);
        Assert.True(listed.UseRslora);
        Assert.Null(TrainingRecipe.Load(setup.Recipe("plain")).Training.Lora);
    }

    [Theory]
    [InlineData("lora_r: 8", "lora_r is set but use_peft is not true")]
    [InlineData("use_peft: true\nlora_target_modules: [q_proj, lm_head]", "'lm_head' is not a linear layer of the decoder")]
    [InlineData("use_peft: true\nlora_r: 0", "lora_r")]
    public void Lora_keys_in_error_are_refused_naming_the_recipe(string extra, string message)
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("bad", extra);
        var error = Assert.Throws<WpoException>(() => TrainingRecipe.Load(recipe));
        Assert.Contains(message, error.Message);
        Assert.Contains(recipe, error.Message);
    }
}
