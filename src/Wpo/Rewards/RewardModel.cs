using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Rewards;

/// <summary>
/// A Hugging Face <c>*ForSequenceClassification</c> reward model (llama, mistral, qwen2, gemma2): the decoder body
/// (<c>model.*</c>) and a bias-free <c>score</c> head [num_labels, hidden] read at each row's last real token, as
/// transformers reads it: the rightmost position whose id is not <c>pad_token_id</c> (which handles right and left
/// padding alike). Gemma 2's final logit soft-cap belongs to the LM head and does not apply here.
/// </summary>
public sealed class RewardModel : nn.Module
{
    [ComponentName(Name = "model")] readonly DecoderModel body;
    [ComponentName(Name = "score")] readonly Linear score;

    RewardModel(ModelConfig config, int labels, ScalarType dtype, Device device) : base(nameof(RewardModel))
    {
        Config = config;
        Labels = labels;
        DType = dtype;
        body = new DecoderModel(config, dtype, device, Adapters);
        score = nn.Linear(config.HiddenSize, labels, hasBias: false, device, dtype);
        RegisterComponents();
    }

    public ModelConfig Config { get; }

    /// <summary>The LoRA adapters of the decoder (none unless loaded with <see cref="Load(string, string, ScalarType, Device)"/>).</summary>
    public LoraAdapters Adapters { get; } = new();

    /// <summary><c>num_labels</c>: the number of values the head gives per sequence (1 for a reward model).</summary>
    public int Labels { get; }

    public ScalarType DType { get; }

    public Device Device => body.EmbedTokens.weight.device;

    /// <summary>The config's <c>pad_token_id</c>; without one transformers scores one sequence at a time, at its last position.</summary>
    public long? PadTokenId => Config.PadTokenId;

    /// <summary>
    /// Loads <c>config.json</c> (its <c>architectures</c>, when given, must name a sequence-classification model) and the
    /// safetensors weights of a reward model directory. A causal LM's <c>lm_head.weight</c> left in the checkpoint is
    /// ignored, as transformers ignores it.
    /// </summary>
    public static RewardModel Load(string directory, ScalarType dtype, Device device)
    {
        var config = ModelConfig.Load(directory);
        if (config.Json["architectures"] is JsonArray { Count: > 0 } architectures
            && !NamesRewardModel(architectures))
            throw new WpoException(
                $"{Path.Combine(directory, ModelConfig.FileName)}: architectures [{string.Join(", ", architectures)}] is not a reward model (expected {config.ArchitectureName.Replace("ForCausalLM", "ForSequenceClassification", StringComparison.Ordinal)}).");
        var model = new RewardModel(config, LabelCount(config), dtype, META);
        ModelLoader.Fill(model, directory, config, dtype, device, name => ModelLoader.IsRotaryBuffer(name) || name == "lm_head.weight");
        return model;
    }

    /// <summary>
    /// A reward model with a PEFT LoRA adapter directory attached to its decoder. An adapter of task_type SEQ_CLS that
    /// trained the head (PEFT's <c>modules_to_save</c>, saved as <c>base_model.model.score.weight</c>) replaces the
    /// base's <c>score</c> head; without that tensor the base's head is kept.
    /// </summary>
    public static RewardModel Load(string directory, string adapterDirectory, ScalarType dtype, Device device)
    {
        var model = Load(directory, dtype, device);
        try
        {
            var head = model.score.weight;
            var file = PeftAdapter.Attach(model, model.Adapters, dtype, device, model.Config, adapterDirectory,
                new Dictionary<string, long[]> { [HeadKey] = head.shape });
            if (file.Tensors.ContainsKey(HeadKey))
            {
                using var noGrad = no_grad();
                using var trained = file.Read(HeadKey);
                head.copy_(trained);
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The name PEFT's <c>get_peft_model_state_dict</c> gives the <c>score</c> head of <c>modules_to_save</c> (the wrapper's <c>modules_to_save.default.</c> dropped).</summary>
    public const string HeadKey = PeftAdapter.KeyPrefix + "score.weight";

    /// <summary>Whether <paramref name="directory"/>'s <c>config.json</c> names a <c>*ForSequenceClassification</c> architecture.</summary>
    public static bool IsRewardModel(string directory) =>
        ModelConfig.Load(directory).Json["architectures"] is JsonArray architectures && NamesRewardModel(architectures);

    static bool NamesRewardModel(JsonArray architectures) =>
        architectures.Any(name => name?.GetValue<string>().EndsWith("ForSequenceClassification", StringComparison.Ordinal) == true);

    /// <summary>Writes config.json and the decoder and head weights as a Hugging Face reward model directory (adapters left out: merge them first).</summary>
    public void Save(string directory, ScalarType? dtype = null) =>
        ModelSaver.Save(this, Config, DType, directory, ModelSaver.DefaultMaxShardBytes, dtype);

    /// <summary>transformers' <c>num_labels</c>: the size of <c>id2label</c> when saved, else <c>num_labels</c>, else 2.</summary>
    static int LabelCount(ModelConfig config) => config.Json["id2label"] switch
    {
        JsonObject labels when labels.Count > 0 => labels.Count,
        _ => config.Json["num_labels"]?.GetValue<int>() ?? 2,
    };

    /// <summary>
    /// The head's values [B, num_labels] (fp32 for 16-bit models) of each row of <paramref name="inputIds"/> [B, T],
    /// padded with <see cref="PadTokenId"/> on either side; <paramref name="attentionMask"/> [B, T] (1 = token) keeps
    /// padding out of attention and positions.
    /// </summary>
    public Tensor Score(Tensor inputIds, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        var hidden = body.Forward(inputIds, null, attentionMask, null, null);
        var last = LastTokenIndices(inputIds, PadTokenId).to(hidden.device);
        var rows = arange(inputIds.shape[0], ScalarType.Int64, hidden.device);
        var pooled = hidden.index(rows, last);
        return F.linear(pooled, score.weight).to(Precision.Wide(hidden.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// transformers' pooling position [B]: the rightmost index whose id is not <paramref name="padTokenId"/> (0 for a row
    /// of padding only); without a pad id, the last position, and only one row at a time.
    /// </summary>
    public static Tensor LastTokenIndices(Tensor inputIds, long? padTokenId)
    {
        long batch = inputIds.shape[0], length = inputIds.shape[1];
        if (padTokenId is not long pad)
        {
            if (batch != 1) throw new ArgumentException("Without a pad_token_id only one sequence at a time can be scored (as transformers refuses batches).", nameof(inputIds));
            return full([1], length - 1, ScalarType.Int64);
        }
        using var scope = NewDisposeScope();
        var real = inputIds.ne(pad).to(ScalarType.Int64);
        var positions = arange(length, ScalarType.Int64, inputIds.device);
        return (positions * real).argmax(-1).MoveToOuterDisposeScope();
    }
}
