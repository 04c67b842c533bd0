using Wpo.Configuration;
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
        if (values.Bool("use_peft", false))
            throw new WpoException($"{values.Origin("use_peft")}: use_peft: LoRA training is not available yet; remove the key to train every weight.");
        return config;
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
