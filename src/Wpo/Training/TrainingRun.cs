using TorchSharp;
using Wpo.Data;
using Wpo.Modeling;

namespace Wpo.Training;

/// <summary>
/// A recipe made ready to train, without loading weights: the tokenized train split, the batch plan, the model's
/// config and dtype. <see cref="Train"/> then loads the model, precomputes the reference, runs the
/// <see cref="Trainer"/> and saves the model with its tokenizer files to <c>output_dir</c>.
/// </summary>
public sealed class TrainingRun
{
    static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json"];

    TrainingRun(TrainingRecipe recipe, PreferencePipeline pipeline, IReadOnlyList<TokenizedPair> pairs, BatchPlan plan, ModelConfig model, string modelDirectory, torch.ScalarType dtype)
    {
        Recipe = recipe;
        Pipeline = pipeline;
        Pairs = pairs;
        Plan = plan;
        Model = model;
        ModelDirectory = modelDirectory;
        DType = dtype;
    }

    public TrainingRecipe Recipe { get; }
    public PreferencePipeline Pipeline { get; }
    public IReadOnlyList<TokenizedPair> Pairs { get; }
    public BatchPlan Plan { get; }
    public ModelConfig Model { get; }
    public string ModelDirectory { get; }
    public torch.ScalarType DType { get; }

    public TrainingConfig Config => Recipe.Training;

    public int WarmupSteps => Config.WarmupSteps > 0 ? Config.WarmupSteps : LearningRateSchedule.WarmupSteps(Config.WarmupRatio, Plan.TotalSteps);

    /// <summary>The model-state bytes (weights, masters, gradients, moments) this run's dtype needs, activations excluded.</summary>
    public TrainingMemory Memory => DType == torch.ScalarType.BFloat16
        ? TrainingMemory.MixedBf16(CausalLM.ParameterCount(Model))
        : TrainingMemory.Uniform(DType.ToString().ToLowerInvariant(), DType == torch.ScalarType.Float64 ? 8 : 4, CausalLM.ParameterCount(Model));

    /// <summary>Reads the recipe and the data and checks the model directory; every config or data error is raised here, before any weights load.</summary>
    public static TrainingRun Prepare(TrainingRecipe recipe, Action<string>? notice = null)
    {
        TrainingConfig config = recipe.Training;
        string modelDirectory = config.ModelNameOrPath ?? throw new WpoException($"{recipe.Path}: model_name_or_path is not set.");
        if (!File.Exists(Path.Combine(modelDirectory, ModelConfig.FileName)))
            throw new WpoException($"{recipe.Path}: model_name_or_path '{modelDirectory}' has no {ModelConfig.FileName} (download the model there, or correct the path).");
        ModelConfig model = ModelConfig.Load(modelDirectory);
        var pipeline = PreferencePipeline.Create(recipe.Data);
        PreferenceDataset dataset = pipeline.Build(DatasetMixer.Plan(recipe.Data, recipe.Path), notice: notice);
        var pairs = dataset["train"].Pairs;
        var batcher = new PreferenceBatcher(pairs, config.PerDeviceTrainBatchSize, config.Seed, shuffle: true, recipe.Data.GroupByLength, config.DataloaderDropLast);
        var plan = BatchPlan.From(batcher, config.GradientAccumulationSteps, config.NumTrainEpochs, config.MaxSteps);
        return new TrainingRun(recipe, pipeline, pairs, plan, model, modelDirectory, DTypeOf(config));
    }

    /// <summary><c>bf16: true</c> wins; else <c>torch_dtype</c>; the default (null/auto) trains in float32.</summary>
    static torch.ScalarType DTypeOf(TrainingConfig config) => config.Bf16 ? torch.ScalarType.BFloat16 : config.TorchDType switch
    {
        "bfloat16" => torch.ScalarType.BFloat16,
        "float64" => torch.ScalarType.Float64,
        "float16" => throw new WpoException("torch_dtype float16 is not supported (it overflows in the log-ratios); use bfloat16 or float32."),
        _ => torch.ScalarType.Float32,
    };

    /// <summary>Trains to the end of the plan and saves the model; returns the metrics file's path.</summary>
    public TrainingOutcome Train(ITrainingObserver observer, Action<int, int>? referenceProgress = null, CancellationToken cancel = default)
    {
        if (Config.GradientCheckpointing) observer.Notice("gradient_checkpointing: activation checkpointing is not implemented yet; training without it.");
        if (Recipe.Data.Packing) observer.Notice("packing: the trainer does not score packed batches yet; training on padded batches.");
        using var policy = CausalLM.Load(ModelDirectory, DType, torch.CPU);
        ReferenceScores reference = Reference(policy, observer, referenceProgress);
        var trainer = new Trainer(policy, Pairs, Pipeline.PadId, Plan, Config, reference) { Observer = observer };
        using var optimizer = new MasterWeightAdamW(policy, AdamWSettings.From(Config));
        var state = new TrainerState { TotalSteps = Plan.TotalSteps, Seed = Config.Seed };
        TrainingOutcome outcome;
        using (var log = MetricsLog.Open(Config.OutputDir, []))
            outcome = trainer.Run(optimizer, state, log, cancel);
        SaveModel(policy);
        return outcome;
    }

    ReferenceScores Reference(CausalLM policy, ITrainingObserver observer, Action<int, int>? progress)
    {
        switch (Config.Reference)
        {
            case ReferenceMode.None:
                return ReferenceScores.None;
            case ReferenceMode.Model:
                throw new WpoException($"{Recipe.Path}: reference: model (a frozen copy scored every step) is not available yet; use reference: precomputed.");
            default:
                observer.Notice($"scoring the reference log-probs of {Pairs.Count} pairs");
                var firstEpoch = Plan.Steps.Where(step => step.Epoch == 0).SelectMany(step => step.MicroBatches).ToList();
                var covered = firstEpoch.SelectMany(batch => batch).ToHashSet();
                firstEpoch.AddRange(Enumerable.Range(0, Pairs.Count).Where(i => !covered.Contains(i)).Chunk(Config.PerDeviceTrainBatchSize));
                return ReferenceScores.Precomputed(ReferenceLogProbs.Compute(policy, Pairs, firstEpoch, Pipeline.PadId, done => progress?.Invoke(done, Pairs.Count)));
        }
    }

    void SaveModel(CausalLM policy)
    {
        policy.Save(Config.OutputDir);
        string tokenizerDirectory = Recipe.Data.TokenizerPath ?? ModelDirectory;
        foreach (string name in TokenizerFiles)
        {
            string source = Path.Combine(File.Exists(Path.Combine(tokenizerDirectory, name)) ? tokenizerDirectory : ModelDirectory, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(Config.OutputDir, name), overwrite: true);
        }
    }
}
