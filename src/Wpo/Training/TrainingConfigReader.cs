using Wpo.Configuration;
using Wpo.Modeling.Lora;
using Wpo.Objectives;

namespace Wpo.Training;

/// <summary>Reads the trainer keys of a recipe into a <see cref="TrainingConfig"/>, checking each value's type and range.</summary>
public static class TrainingConfigReader
{
    static readonly string[] LossTypes = ["sigmoid", "ipo", "hinge", "simpo", "sft"];
    static readonly string[] Schedules = ["cosine", "linear", "constant", "constant_with_warmup"];
    static readonly string[] Intervals = ["no", "steps", "epoch"];

    public static TrainingConfig From(RecipeValues values)
    {
        var defaults = new TrainingConfig();
        LossOptions loss = ReadLoss(values);
        var config = new TrainingConfig
        {
            ModelNameOrPath = values.String("model_name_or_path"),
            ReferenceModelPath = values.String("ref_model_name_or_path"),
            TorchDType = values.Choice("torch_dtype", ["auto", "bfloat16", "float16", "float32", "float64"]),
            Bf16 = values.Bool("bf16", false),
            OutputDir = values.String("output_dir", OutputDirFor(values.Path)),
            Loss = loss,
            Alignment = values.Choice("wpo_alignment", ["sampled", "greedy", "none"], "sampled") switch
            {
                "greedy" => Alignment.Greedy,
                "none" => Alignment.None,
                _ => Alignment.Sampled,
            },
            Reference = ReadReference(values, loss),
            LmHeadChunkSize = values.PositiveInt("lm_head_chunk_size", defaults.LmHeadChunkSize),
            LearningRate = values.Double("learning_rate", defaults.LearningRate, min: 0),
            NumTrainEpochs = values.Double("num_train_epochs", defaults.NumTrainEpochs, min: 0, minExclusive: true),
            MaxSteps = values.Int("max_steps", defaults.MaxSteps),
            PerDeviceTrainBatchSize = values.PositiveInt("per_device_train_batch_size", defaults.PerDeviceTrainBatchSize),
            PerDeviceEvalBatchSize = values.PositiveInt("per_device_eval_batch_size", defaults.PerDeviceEvalBatchSize),
            GradientAccumulationSteps = values.PositiveInt("gradient_accumulation_steps", defaults.GradientAccumulationSteps),
            MaxGradNorm = values.Double("max_grad_norm", defaults.MaxGradNorm, min: 0, minExclusive: true),
            WeightDecay = values.Double("weight_decay", defaults.WeightDecay, min: 0),
            AdamBeta1 = values.Double("adam_beta1", defaults.AdamBeta1, min: 0, max: 0.999999),
            AdamBeta2 = values.Double("adam_beta2", defaults.AdamBeta2, min: 0, max: 0.999999),
            AdamEpsilon = values.Double("adam_epsilon", defaults.AdamEpsilon, min: 0),
            LrSchedulerType = values.Choice("lr_scheduler_type", Schedules, defaults.LrSchedulerType),
            WarmupRatio = values.Double("warmup_ratio", defaults.WarmupRatio, min: 0, max: 1),
            WarmupSteps = NonNegative(values, "warmup_steps", values.Int("warmup_steps", defaults.WarmupSteps)),
            Seed = values.Int("seed", defaults.Seed),
            DataloaderDropLast = values.Bool("dataloader_drop_last", defaults.DataloaderDropLast),
            GradientCheckpointing = values.Bool("gradient_checkpointing", defaults.GradientCheckpointing),
            LoggingSteps = values.PositiveInt("logging_steps", defaults.LoggingSteps),
            DoEval = values.Bool("do_eval", defaults.DoEval),
            EvalStrategy = ReadInterval(values.Choice("eval_strategy", Intervals) is { } strategy ? strategy : values.Choice("evaluation_strategy", Intervals, "no")),
            EvalSteps = values.PositiveInt("eval_steps"),
            SaveStrategy = ReadInterval(values.Choice("save_strategy", Intervals, "steps")),
            SaveSteps = values.PositiveInt("save_steps", defaults.SaveSteps),
            SaveTotalLimit = values.PositiveInt("save_total_limit"),
            ResumeFromCheckpoint = values.String("resume_from_checkpoint") is { } resume && resume.ToLowerInvariant() != "false" ? resume : null,
        };
        if (values.Bool("fp16", false))
            throw new WpoException($"{values.Origin("fp16")}: fp16 is not supported (float16 overflows in the log-ratios); use bf16: true.");
        // Every accepted name is torch's AdamW with transformers' decay groups.
        values.Choice("optim", ["adamw_torch", "adamw_torch_fused", "adamw_hf"], "adamw_torch");
        return config with { Lora = ReadLora(values) };
    }

    /// <summary>
    /// <c>use_peft: true</c> and the LoRA keys as TRL's ModelConfig and alignment-handbook's recipes spell them, with
    /// TRL's defaults (r 16, alpha 32, dropout 0.05, PEFT's q_proj/v_proj when no targets are named); the LoRA keys
    /// without <c>use_peft: true</c> are an error rather than silently full fine-tuning.
    /// </summary>
    static LoraConfig? ReadLora(RecipeValues values)
    {
        bool usePeft = values.Bool("use_peft", false);
        int rank = values.PositiveInt("lora_r", 16);
        double alpha = values.Double("lora_alpha", 32, min: 0, minExclusive: true);
        double dropout = values.Double("lora_dropout", 0.05, min: 0, max: 0.999999);
        bool rslora = values.Bool("use_rslora", false);
        var targets = values.StringList("lora_target_modules");
        if (!usePeft)
        {
            string? stray = new[] { "lora_r", "lora_alpha", "lora_dropout", "use_rslora", "lora_target_modules" }.FirstOrDefault(values.Has);
            if (stray is not null) throw new WpoException($"{values.Origin(stray)}: {stray} is set but use_peft is not true; add use_peft: true to train LoRA adapters, or remove {stray}.");
            return null;
        }
        string origin = values.Origin("lora_target_modules");
        return new LoraConfig
        {
            Rank = rank,
            Alpha = alpha,
            Dropout = dropout,
            UseRslora = rslora,
            TargetModules = targets is null ? LoraConfig.DefaultTargets : LoraConfig.Targets(targets, origin),
        }.Validated(values.Path);
    }

    /// <summary>transformers requires an output directory; without one a run writes to outputs/&lt;recipe name&gt;.</summary>
    static string OutputDirFor(string recipePath) => Path.Combine("outputs", Path.GetFileNameWithoutExtension(recipePath));

    static LossOptions ReadLoss(RecipeValues values)
    {
        var defaults = new LossOptions();
        var loss = new LossOptions
        {
            LossType = Enum.Parse<LossType>(values.Choice("loss_type", LossTypes, "sigmoid"), ignoreCase: true),
            Beta = values.Double("beta", defaults.Beta, min: 0, minExclusive: true),
            LabelSmoothing = values.Double("label_smoothing", 0, min: 0, max: 0.5),
            Gamma = values.Double("simpo_gamma", 0, min: 0),
            Wpo = values.Bool("use_weighting", true),
            WeightMode = values.Choice("wpo_weight", ["both", "chosen", "rejected"], "both") switch
            {
                "chosen" => WeightMode.ChosenOnly,
                "rejected" => WeightMode.RejectedOnly,
                _ => WeightMode.Both,
            },
            ClampWeightAtOne = values.Bool("wpo_clamp", true),
            SftCoefficient = values.Double("rpo_alpha", 0, min: 0),
        };
        try
        {
            loss.Validate();
        }
        catch (WpoException e)
        {
            throw new WpoException($"{values.Path}: {e.Message}", e);
        }
        return loss;
    }

    /// <summary><c>reference: precomputed|model|none</c>, or TRL's <c>precompute_ref_log_probs</c>; reference-free losses need none.</summary>
    static ReferenceMode ReadReference(RecipeValues values, LossOptions loss)
    {
        bool? precompute = values.Bool("precompute_ref_log_probs");
        bool free = loss.LossType is LossType.Simpo || (loss.LossType is LossType.Sft);
        string fallback = free ? "none" : precompute == false ? "model" : "precomputed";
        var mode = Enum.Parse<ReferenceMode>(values.Choice("reference", ["precomputed", "model", "none"], fallback), ignoreCase: true);
        if (mode == ReferenceMode.None && !free)
            throw values.Wrong("reference", "none", $"precomputed or model: loss_type {loss.LossType.ToString().ToLowerInvariant()} compares the policy with a reference");
        return mode;
    }

    static Interval ReadInterval(string text) => Enum.Parse<Interval>(text, ignoreCase: true);

    static int NonNegative(RecipeValues values, string key, int value) =>
        value >= 0 ? value : throw values.Wrong(key, $"{value}", "a whole number ≥ 0");
}
