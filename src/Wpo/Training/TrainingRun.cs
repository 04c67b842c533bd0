using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Plots;

namespace Wpo.Training;

/// <summary>
/// A recipe made ready to train, without loading weights: the tokenized train split, the batch plan, the model's
/// config and dtype. <see cref="Train"/> then loads the model, precomputes the reference, runs the
/// <see cref="Trainer"/> and saves the model (with <c>use_peft</c>: the PEFT adapter directory) with its tokenizer files
/// to <c>output_dir</c>.
/// </summary>
public sealed class TrainingRun
{
    /// <summary>The tokenizer and generation files copied beside saved weights.</summary>
    public static readonly IReadOnlyList<string> TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json"];

    TrainingRun(TrainingRecipe recipe, PreferencePipeline pipeline, IReadOnlyList<TokenizedPair> pairs, IReadOnlyList<TokenizedPair> testPairs, BatchPlan plan, TrainingModel model)
    {
        Recipe = recipe;
        Pipeline = pipeline;
        Pairs = pairs;
        TestPairs = testPairs;
        Plan = plan;
        Model = model;
    }

    public TrainingRecipe Recipe { get; }
    public PreferencePipeline Pipeline { get; }
    public IReadOnlyList<TokenizedPair> Pairs { get; }

    /// <summary>The test split's pairs (evaluated only when the recipe asks for evaluation).</summary>
    public IReadOnlyList<TokenizedPair> TestPairs { get; }
    public BatchPlan Plan { get; }
    public TrainingModel Model { get; }
    string ModelDirectory => Model.Directory;
    torch.ScalarType DType => Model.DType;

    public TrainingConfig Config => Recipe.Training;

    public int WarmupSteps => Config.WarmupStepsFor(Plan.TotalSteps);

    /// <summary>Reads the recipe and the data and checks the model directory; every config or data error is raised here, before any weights load.</summary>
    public static TrainingRun Prepare(TrainingRecipe recipe, Action<string>? notice = null) => Prepare(recipe, TrainingModel.Read(recipe), notice);

    public static TrainingRun Prepare(TrainingRecipe recipe, TrainingModel model, Action<string>? notice = null)
    {
        TrainingConfig config = recipe.Training;
        if (CpuBf16.Warning(model.DType == torch.ScalarType.BFloat16) is { } slow) notice?.Invoke(slow);
        var pipeline = PreferencePipeline.Create(recipe.Data);
        PreferenceDataset dataset = pipeline.Build(DatasetMixer.Plan(recipe.Data, recipe.Path), notice: notice);
        var pairs = dataset["train"].Pairs;
        var testPairs = dataset.HasSplit("test") ? dataset["test"].Pairs : [];
        if (config.Evaluates && testPairs.Count == 0)
            throw new WpoException($"{recipe.Path}: evaluation is on (do_eval / eval_strategy) but the data has no test pairs; add a test split to dataset_splits or turn evaluation off.");
        var batcher = new PreferenceBatcher(pairs, config.PerDeviceTrainBatchSize, config.Seed, shuffle: true, recipe.Data.GroupByLength, config.DataloaderDropLast);
        var plan = BatchPlan.From(batcher, config.GradientAccumulationSteps, config.NumTrainEpochs, config.MaxSteps);
        return new TrainingRun(recipe, pipeline, pairs, testPairs, plan, model);
    }

    string ReferenceDirectory => Config.ReferenceModelPath ?? ModelDirectory;

    IEnumerable<string> TokenizerFilePaths
    {
        get
        {
            string tokenizerDirectory = Recipe.Data.TokenizerPath ?? ModelDirectory;
            foreach (string name in TokenizerFiles)
            {
                string source = Path.Combine(File.Exists(Path.Combine(tokenizerDirectory, name)) ? tokenizerDirectory : ModelDirectory, name);
                if (File.Exists(source)) yield return source;
            }
        }
    }

    /// <summary>
    /// Trains to the end of the plan (from the checkpoint <c>resume_from_checkpoint</c> names, if any), evaluating and
    /// checkpointing as the recipe says, and saves the final model with its tokenizer files to <c>output_dir</c>.
    /// Cancelled, it stops at a step boundary and writes a checkpoint to resume from.
    /// </summary>
    public TrainingOutcome Train(ITrainingObserver observer, Action<int, int>? referenceProgress = null, CancellationToken cancel = default)
    {
        string? checkpoint = ResumePoint(observer);
        TrainerState state = checkpoint is null ? new TrainerState { TotalSteps = Plan.TotalSteps, Seed = Config.Seed, PlanHash = RunFingerprint.Plan(Plan) } : Resumable(checkpoint);
        using var policy = LoadPolicy(checkpoint);
        policy.GradientCheckpointing = Config.GradientCheckpointing;
        // With LoRA the reference is the policy with its adapters off, unless another reference model is named.
        bool baseIsReference = Config.Lora is not null && Config.ReferenceModelPath is null;
        using var frozen = Config.Reference == ReferenceMode.Model && !baseIsReference ? CausalLM.Load(ReferenceDirectory, DType, torch.CPU) : null;
        var (reference, testReference) = Config.Reference == ReferenceMode.Model && baseIsReference
            ? (ReferenceScores.Frozen(policy), ReferenceScores.Frozen(policy))
            : References(checkpoint is null || baseIsReference ? policy : null, frozen, observer, referenceProgress);
        using var optimizer = new MasterWeightAdamW(policy, AdamWSettings.From(Config));
        if (checkpoint is not null) TrainingCheckpoint.Restore(checkpoint, optimizer);
        var evaluation = Config.Evaluates ? new PreferenceEvaluation(TestPairs, Pipeline.PadId, Config, testReference) : null;
        var trainer = new Trainer(policy, Pairs, Pipeline.PadId, Plan, Config, reference)
        {
            Observer = observer,
            Evaluate = evaluation is null ? null : step => Evaluated(evaluation, policy, step, observer),
            Save = step =>
            {
                string written = TrainingCheckpoint.Write(Config.OutputDir, policy, ModelDirectory, optimizer, state, Config.SaveTotalLimit, TokenizerFilePaths);
                observer.Notice($"checkpoint written: {written}");
            },
        };
        using var log = MetricsLog.Open(Config.OutputDir, [.. state.LogHistory.Select(MetricRow.Parse)]);
        TrainingOutcome outcome = trainer.Run(optimizer, state, log, cancel);
        if (outcome == TrainingOutcome.Interrupted)
        {
            if (state.LogHistory.Count > 0) Plot(observer);
            return outcome;
        }
        if (evaluation is not null)
        {
            MetricRow final = Evaluated(evaluation, policy, state.GlobalStep, observer);
            log.Write(final);
            observer.Logged(final);
        }
        TrainingCheckpoint.SaveModel(policy, Config.OutputDir, ModelDirectory);
        foreach (string file in TokenizerFilePaths) File.Copy(file, Path.Combine(Config.OutputDir, Path.GetFileName(file)), overwrite: true);
        Plot(observer);
        return outcome;
    }

    /// <summary>
    /// The model to train: the base (or, resuming full training, the checkpoint's weights). With <c>use_peft</c> the
    /// base is frozen and carries fresh adapters seeded with <c>seed</c>, or the checkpoint's; the CPU generator that
    /// LoRA dropout draws from is seeded too (a checkpoint restores its state).
    /// </summary>
    CausalLM LoadPolicy(string? checkpoint)
    {
        if (Config.Lora is not { } lora) return CausalLM.Load(checkpoint ?? ModelDirectory, DType, torch.CPU);
        var policy = CausalLM.Load(ModelDirectory, DType, torch.CPU);
        if (checkpoint is null) LoraAdapters.Attach(policy, lora, Config.Seed);
        else PeftAdapter.Load(policy, checkpoint);
        torch.random.manual_seed(Config.Seed);
        return policy;
    }

    void Plot(ITrainingObserver observer) =>
        observer.Notice($"plots of the run: {string.Join(", ", RunPlots.Write(Config.OutputDir).Select(Path.GetFileName))} in {Path.Combine(Config.OutputDir, RunPlots.FolderName)}");

    MetricRow Evaluated(PreferenceEvaluation evaluation, CausalLM policy, int step, ITrainingObserver observer)
    {
        observer.Notice($"evaluating on {evaluation.PairCount} test pairs");
        return evaluation.Run(policy, step, (double)step / Plan.StepsPerEpoch);
    }

    /// <summary><c>resume_from_checkpoint</c>: a checkpoint directory, or true for the latest in <c>output_dir</c> (none there: a fresh start, said so).</summary>
    string? ResumePoint(ITrainingObserver observer)
    {
        switch (Config.ResumeFromCheckpoint)
        {
            case null:
                return null;
            case string flag when flag.Equals("true", StringComparison.OrdinalIgnoreCase):
                string? latest = TrainingCheckpoint.All(Config.OutputDir).LastOrDefault();
                observer.Notice(latest is null ? $"resume_from_checkpoint: no checkpoint in {Config.OutputDir} yet; starting from step 0" : $"resuming from {latest}");
                return latest;
            case string directory:
                if (!Directory.Exists(directory)) throw new WpoException($"{Recipe.Path}: resume_from_checkpoint '{directory}' does not exist.");
                observer.Notice($"resuming from {directory}");
                return directory;
        }
    }

    TrainerState Resumable(string checkpoint)
    {
        TrainerState state = TrainingCheckpoint.ReadState(checkpoint);
        if (state.Seed != Config.Seed || state.TotalSteps != Plan.TotalSteps || state.PlanHash != RunFingerprint.Plan(Plan))
            throw new WpoException($"{checkpoint}: written for another run (seed {state.Seed}, {state.TotalSteps} steps; this recipe: seed {Config.Seed}, {Plan.TotalSteps} steps, or other data or batch settings); resuming it would not continue that run.");
        return state;
    }

    /// <summary>
    /// The train and test references. Precomputed: loaded from <c>output_dir</c>'s cache when it was computed for the
    /// same reference model, data, plan and dtype; else scored (with <paramref name="untrained"/> when the policy has not
    /// moved yet and no other reference model is named, else with the reference model loaded for the purpose) and cached.
    /// </summary>
    (ReferenceScores Train, ReferenceScores Test) References(CausalLM? untrained, CausalLM? frozen, ITrainingObserver observer, Action<int, int>? progress)
    {
        if (Config.Reference == ReferenceMode.None) return (ReferenceScores.None, ReferenceScores.None);
        if (frozen is not null) return (ReferenceScores.Frozen(frozen), ReferenceScores.Frozen(frozen));
        string key = RunFingerprint.Of(RunFingerprint.ModelDirectory(ReferenceDirectory), RunFingerprint.Pairs(Pairs), RunFingerprint.Pairs(TestPairs), RunFingerprint.Plan(Plan), DType.ToString());
        string trainCache = Path.Combine(Config.OutputDir, ReferenceLogProbs.CacheFileName);
        string testCache = Path.Combine(Config.OutputDir, "test_" + ReferenceLogProbs.CacheFileName);
        var train = ReferenceLogProbs.Load(trainCache, key);
        var test = Config.Evaluates ? ReferenceLogProbs.Load(testCache, key) : null;
        if (train is not null && (test is not null || !Config.Evaluates))
        {
            observer.Notice($"reference log-probs read from {trainCache}");
            return (ReferenceScores.Precomputed(train), test is null ? ReferenceScores.None : ReferenceScores.Precomputed(test));
        }
        CausalLM? loaded = untrained is null || Config.ReferenceModelPath is not null ? CausalLM.Load(ReferenceDirectory, DType, torch.CPU) : null;
        try
        {
            CausalLM scorer = loaded ?? untrained!;
            observer.Notice($"scoring the reference log-probs of {Pairs.Count} train pairs" + (Config.Evaluates ? $" and {TestPairs.Count} test pairs" : ""));
            var firstEpoch = Plan.Steps.Where(step => step.Epoch == 0).SelectMany(step => step.MicroBatches).ToList();
            var covered = firstEpoch.SelectMany(batch => batch).ToHashSet();
            firstEpoch.AddRange(Enumerable.Range(0, Pairs.Count).Where(i => !covered.Contains(i)).Chunk(Config.PerDeviceTrainBatchSize));
            train = scorer.Adapters.WithoutAdapters(() => ReferenceLogProbs.Compute(scorer, Pairs, firstEpoch, Pipeline.PadId, done => progress?.Invoke(done, Pairs.Count)));
            Directory.CreateDirectory(Config.OutputDir);
            train.Save(trainCache, key);
            if (Config.Evaluates)
            {
                test = scorer.Adapters.WithoutAdapters(() => ReferenceLogProbs.Compute(scorer, TestPairs, Config.PerDeviceEvalBatchSize, Pipeline.PadId));
                test.Save(testCache, key);
            }
            return (ReferenceScores.Precomputed(train), test is null ? ReferenceScores.None : ReferenceScores.Precomputed(test));
        }
        finally
        {
            loaded?.Dispose();
        }
    }
}
