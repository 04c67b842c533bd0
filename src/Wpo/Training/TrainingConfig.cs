using Wpo.Modeling.Lora;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>How the reference model's log-probabilities are obtained.</summary>
public enum ReferenceMode
{
    /// <summary>Scored once before training, cached in the output directory (the default).</summary>
    Precomputed,
    /// <summary>A frozen copy of the initial model held in memory and scored every step.</summary>
    Model,
    /// <summary>No reference: reference-free losses (SimPO, SFT).</summary>
    None,
}

/// <summary>When evaluation or saving happens (transformers' <c>IntervalStrategy</c>).</summary>
public enum Interval
{
    No,
    Steps,
    Epoch,
}

/// <summary>
/// The trainer settings of a recipe: transformers' <c>TrainingArguments</c> and TRL's <c>DPOConfig</c> keys with
/// their defaults (FIDELITY §3), plus the WPO switches. README "Training" documents every key.
/// </summary>
public sealed record TrainingConfig
{
    public string? ModelNameOrPath { get; init; }
    /// <summary><c>ref_model_name_or_path</c>: the reference model; null = the initial policy.</summary>
    public string? ReferenceModelPath { get; init; }
    /// <summary><c>torch_dtype</c>: null/auto = the checkpoint's own; overridden by <c>bf16: true</c>.</summary>
    public string? TorchDType { get; init; }
    public bool Bf16 { get; init; }
    public string OutputDir { get; init; } = "outputs/run";

    public LossOptions Loss { get; init; } = new();
    public Alignment Alignment { get; init; } = Alignment.Sampled;
    public ReferenceMode Reference { get; init; } = ReferenceMode.Precomputed;
    public int LmHeadChunkSize { get; init; } = ScoreOptions.DefaultChunkSize;

    public double LearningRate { get; init; } = 5e-5;
    public double NumTrainEpochs { get; init; } = 3;
    /// <summary><c>max_steps</c>: positive overrides the epochs.</summary>
    public int MaxSteps { get; init; } = -1;
    public int PerDeviceTrainBatchSize { get; init; } = 8;
    public int PerDeviceEvalBatchSize { get; init; } = 8;
    public int GradientAccumulationSteps { get; init; } = 1;
    public double MaxGradNorm { get; init; } = 1.0;
    public double WeightDecay { get; init; }
    public double AdamBeta1 { get; init; } = 0.9;
    public double AdamBeta2 { get; init; } = 0.999;
    public double AdamEpsilon { get; init; } = 1e-8;
    public string LrSchedulerType { get; init; } = "linear";
    public double WarmupRatio { get; init; }
    public int WarmupSteps { get; init; }
    public int Seed { get; init; } = 42;
    public bool DataloaderDropLast { get; init; }
    public bool GradientCheckpointing { get; init; }

    /// <summary><c>use_peft: true</c>: train LoRA adapters on the frozen model (the <c>lora_*</c> keys); null: every weight.</summary>
    public LoraConfig? Lora { get; init; }

    /// <summary>With the data's <c>packing: true</c>, micro-batches are packed into rows of this many tokens (<c>max_length</c>); null: padded.</summary>
    public int? PackedRowLength { get; init; }

    public int LoggingSteps { get; init; } = 500;
    public bool DoEval { get; init; }
    public Interval EvalStrategy { get; init; } = Interval.No;
    /// <summary><c>eval_steps</c>: null = <see cref="LoggingSteps"/>, as transformers does.</summary>
    public int? EvalSteps { get; init; }
    public Interval SaveStrategy { get; init; } = Interval.Steps;
    public int SaveSteps { get; init; } = 500;
    public int? SaveTotalLimit { get; init; }
    /// <summary><c>resume_from_checkpoint</c>: a checkpoint directory, "true" for the latest in <see cref="OutputDir"/>, or null.</summary>
    public string? ResumeFromCheckpoint { get; init; }

    /// <summary>The score settings the loss needs: the alignment when WPO weights, none otherwise.</summary>
    public ScoreOptions Scores => new() { Alignment = Loss.Wpo ? Alignment : Alignment.None, ChunkSize = LmHeadChunkSize };

    /// <summary>Pairs per optimizer step on one device.</summary>
    public int EffectiveBatchSize => PerDeviceTrainBatchSize * GradientAccumulationSteps;

    /// <summary><c>warmup_steps</c> when positive, else <c>warmup_ratio</c> of the total, as transformers counts it.</summary>
    public int WarmupStepsFor(int totalSteps) => WarmupSteps > 0 ? WarmupSteps : LearningRateSchedule.WarmupSteps(WarmupRatio, totalSteps);

    /// <summary>Whether the test split is evaluated at all (<c>do_eval</c>, or an <c>eval_strategy</c> other than no); then also once at the end.</summary>
    public bool Evaluates => DoEval || EvalStrategy != Interval.No;

    /// <summary>Whether evaluation runs during training at this 1-based step (the final evaluation is separate).</summary>
    public bool EvaluatesAt(int step, int stepsPerEpoch) => EvalStrategy switch
    {
        Interval.Steps => step % (EvalSteps ?? LoggingSteps) == 0,
        Interval.Epoch => step % stepsPerEpoch == 0,
        _ => false,
    };

    /// <summary>Whether a checkpoint is written at this 1-based step (the final save is separate).</summary>
    public bool SavesAt(int step, int stepsPerEpoch) => SaveStrategy switch
    {
        Interval.Steps => step % SaveSteps == 0,
        Interval.Epoch => step % stepsPerEpoch == 0,
        _ => false,
    };
}
