using Wpo.Training;

namespace Wpo.Tests.Training;

/// <summary>
/// Whole runs of a recipe on a tiny model: checkpoints, exact resume, the reference cache, evaluation on the test
/// split, and the errors raised before any weights load.
/// </summary>
public sealed class TrainingRunTests
{
    /// <summary>Records notices; with <c>cancelAfter</c>, asks the run to stop after that step (as Ctrl-C does).</summary>
    sealed class Recorder(int? cancelAfter = null) : ITrainingObserver
    {
        public readonly CancellationTokenSource Cancel = new();
        public readonly List<string> Notices = [];
        public readonly List<int> Steps = [];

        public void Stepped(int step, IReadOnlyDictionary<string, double> metrics, double tokensPerSecond)
        {
            Steps.Add(step);
            if (step == cancelAfter) Cancel.Cancel();
        }

        public void Notice(string message) => Notices.Add(message);
    }

    static TrainingOutcome Train(string recipe, Recorder recorder, params (string Key, string Value)[] overrides) =>
        TrainingRun.Prepare(TrainingRecipe.Load(recipe, overrides.Select(o => KeyValuePair.Create(o.Key, o.Value))))
            .Train(recorder, cancel: recorder.Cancel.Token);

    /// <summary>metrics.jsonl without the timing columns, one string per row.</summary>
    static string[] Metrics(string directory) =>
        [.. MetricsLog.Read(directory).Select(row => new MetricRow(row.Step, row.Epoch, [.. row.Values.Where(v => v.Key is not ("tokens_per_second" or "elapsed_seconds"))]).ToJson())];

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public void An_interrupted_run_resumed_from_its_checkpoint_ends_exactly_as_an_uninterrupted_one(string bf16)
    {
        using var setup = new TinyTrainingSetup();
        const string evaluation = "eval_strategy: steps\neval_steps: 2\nsave_steps: 100";
        string whole = setup.Recipe("whole", evaluation);
        string resumed = setup.Recipe("resumed", evaluation);

        Assert.Equal(TrainingOutcome.Completed, Train(whole, new Recorder(), ("bf16", bf16)));
        var interrupted = new Recorder(cancelAfter: 3);
        Assert.Equal(TrainingOutcome.Interrupted, Train(resumed, interrupted, ("bf16", bf16)));
        string output = setup.OutputDirectory("resumed");
        Assert.Equal([Path.Combine(output, "checkpoint-3")], TrainingCheckpoint.All(output));
        Assert.False(File.Exists(Path.Combine(output, "model.safetensors")), "an interrupted run saved a final model");

        var again = new Recorder();
        Assert.Equal(TrainingOutcome.Completed, Train(resumed, again, ("bf16", bf16), ("resume_from_checkpoint", "true")));
        Assert.Equal([4, 5, 6], again.Steps);
        Assert.Contains(again.Notices, notice => notice.StartsWith("reference log-probs read from", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(setup.OutputDirectory("whole"), "model.safetensors")), File.ReadAllBytes(Path.Combine(output, "model.safetensors")));
        Assert.Equal(Metrics(setup.OutputDirectory("whole")), Metrics(output));
        Assert.True(File.Exists(Path.Combine(output, Wpo.Plots.RunPlots.FolderName, "loss.png")));
    }

    [Fact]
    public void Evaluation_logs_eval_rows_on_the_test_split_at_eval_steps_and_at_the_end()
    {
        using var setup = new TinyTrainingSetup();
        Train(setup.Recipe("eval", "eval_strategy: steps\neval_steps: 4\nsave_strategy: \"no\""), new Recorder(), ("logging_steps", "2"));
        var rows = MetricsLog.Read(setup.OutputDirectory("eval"));
        Assert.Equal([(2, false), (4, false), (4, true), (6, false), (6, true)], rows.Select(row => (row.Step, row.Has("eval_loss"))));
        MetricRow last = rows[^1];
        Assert.All(last.Values, value => Assert.StartsWith("eval_", value.Key));
        Assert.InRange(last["eval_wpo/weight_mean"], 1e-12, 1);
        Assert.InRange(last["eval_rewards/accuracies"], 0, 1);
        Assert.Empty(TrainingCheckpoint.All(setup.OutputDirectory("eval")));
    }

    [Fact]
    public void Checkpoints_beyond_save_total_limit_are_deleted_and_unfinished_ones_are_never_resumed()
    {
        using var setup = new TinyTrainingSetup();
        string output = setup.OutputDirectory("limit");
        Directory.CreateDirectory(Path.Combine(output, ".checkpoint-9.partial"));
        Directory.CreateDirectory(Path.Combine(output, "checkpoint-9"));
        Train(setup.Recipe("limit", "save_steps: 1\nsave_total_limit: 2"), new Recorder());
        Assert.Equal([Path.Combine(output, "checkpoint-4"), Path.Combine(output, "checkpoint-5")], TrainingCheckpoint.All(output));
        var state = TrainingCheckpoint.ReadState(Path.Combine(output, "checkpoint-5"));
        Assert.Equal(5, state.GlobalStep);
        Assert.Equal(5, state.LogHistory.Count);
        Assert.True(File.Exists(Path.Combine(output, "checkpoint-5", "tokenizer.json")));
    }

    [Fact]
    public void The_reference_cache_is_reused_only_for_the_same_model_and_data()
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("cache", "max_steps: 1");
        var first = new Recorder();
        Train(recipe, first);
        Assert.Contains(first.Notices, notice => notice.StartsWith("scoring the reference", StringComparison.Ordinal));
        var second = new Recorder();
        Train(recipe, second);
        Assert.Contains(second.Notices, notice => notice.StartsWith("reference log-probs read from", StringComparison.Ordinal));
        var shorter = new Recorder();
        Train(recipe, shorter, ("max_length", "48"), ("max_prompt_length", "24"));
        Assert.Contains(shorter.Notices, notice => notice.StartsWith("scoring the reference", StringComparison.Ordinal));
    }

    [Fact]
    public void A_frozen_reference_model_gives_the_precomputed_runs_metrics()
    {
        using var setup = new TinyTrainingSetup();
        Train(setup.Recipe("precomputed", "max_steps: 2"), new Recorder());
        Train(setup.Recipe("frozen", "max_steps: 2\nreference: model"), new Recorder());
        var precomputed = MetricsLog.Read(setup.OutputDirectory("precomputed"));
        var frozen = MetricsLog.Read(setup.OutputDirectory("frozen"));
        Assert.False(File.Exists(Path.Combine(setup.OutputDirectory("frozen"), ReferenceLogProbs.CacheFileName)));
        foreach (var (a, b) in precomputed.Zip(frozen))
            foreach (string key in new[] { "loss", "rewards/margins", "grad_norm" })
                Assert.Equal(a[key], b[key], 1e-6);
    }

    [Fact]
    public void Plain_dpo_logs_no_pair_weights_and_simpo_needs_no_reference()
    {
        using var setup = new TinyTrainingSetup();
        Train(setup.Recipe("dpo", "max_steps: 1\nuse_weighting: false"), new Recorder());
        Assert.DoesNotContain(MetricsLog.Read(setup.OutputDirectory("dpo"))[0].Values, value => value.Key.StartsWith("wpo/", StringComparison.Ordinal));
        Train(setup.Recipe("simpo", "max_steps: 1\nloss_type: simpo\nsimpo_gamma: 0.5"), new Recorder());
        Assert.False(File.Exists(Path.Combine(setup.OutputDirectory("simpo"), ReferenceLogProbs.CacheFileName)));
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_refused_naming_it()
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("other", "save_steps: 2");
        Train(recipe, new Recorder(cancelAfter: 2));
        var error = Assert.Throws<WpoException>(() => Train(recipe, new Recorder(), ("resume_from_checkpoint", "true"), ("seed", "8")));
        Assert.Contains("checkpoint-2: written for another run", error.Message);
    }

    [Fact]
    public void Evaluation_without_a_test_split_is_an_error_before_training()
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("noeval", "do_eval: true");
        var error = Assert.Throws<WpoException>(() => TrainingRun.Prepare(TrainingRecipe.Load(recipe, [KeyValuePair.Create("dataset_splits", "train")])));
        Assert.Contains("no test pairs", error.Message);
    }
}
