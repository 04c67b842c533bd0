using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Wpo.Modeling.Lora;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Modeling;

/// <summary>
/// A decoder-only causal language model (llama, mistral, qwen2, gemma, gemma2) whose parameters carry
/// Hugging Face's names (<c>model.layers.0.self_attn.q_proj.weight</c>, <c>lm_head.weight</c>), so checkpoints
/// load and save without a renaming table. With tied embeddings there is no <c>lm_head</c> parameter: the head
/// is the embedding matrix. Weights and activations are in <see cref="DType"/> (fp32 or bf16; fp64 for checks);
/// norms, rotary angles and softmax are computed in fp32 for 16-bit types.
/// </summary>
public sealed class CausalLM : nn.Module
{
    [ComponentName(Name = "model")] readonly DecoderModel body;
    [ComponentName(Name = "lm_head")] readonly Linear? lmHead;

    /// <summary>Builds the modules with uninitialised parameters; <see cref="Load(string, ScalarType, Device)"/> and <see cref="Create"/> fill them.</summary>
    internal CausalLM(ModelConfig config, ScalarType dtype, Device device) : base(nameof(CausalLM))
    {
        // Checked here, before libtorch refuses gradients on an integer parameter with a native stack trace
        // (or, for a complex dtype, accepts a model that no checkpoint can fill).
        if (!Precision.IsFloat(dtype))
            throw new ArgumentException($"a model computes in Float32, BFloat16, Float16 or Float64, not {dtype}.", nameof(dtype));
        Config = config;
        DType = dtype;
        body = new DecoderModel(config, dtype, device, Adapters);
        if (!config.TieWordEmbeddings) lmHead = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device, dtype);
        RegisterComponents();
    }

    public ModelConfig Config { get; }

    /// <summary>The LoRA adapters (none until attached with <see cref="LoraAdapters.Attach"/> or loaded with <see cref="PeftAdapter.Load"/>).</summary>
    public LoraAdapters Adapters { get; } = new();
    public ScalarType DType { get; }
    /// <summary>Where the parameters are (the meta device until the loader or initializer attaches them).</summary>
    public Device Device => body.EmbedTokens.weight.device;

    /// <summary>The output projection [vocab, hidden]: <c>lm_head.weight</c>, or the embedding matrix when tied.</summary>
    public Tensor LmHeadWeight => lmHead?.weight ?? body.EmbedTokens.weight;

    /// <summary>
    /// Activation checkpointing (<c>gradient_checkpointing</c>): while gradients are recorded and no KV cache is
    /// given, each decoder layer keeps only its input and is recomputed in backward (see
    /// <see cref="CheckpointedLayer"/>). Inference and cached decoding are unaffected.
    /// </summary>
    public bool GradientCheckpointing
    {
        get => body.GradientCheckpointing;
        set => body.GradientCheckpointing = value;
    }

    /// <summary>Gemma 2's <c>final_logit_softcapping</c>: logits become <c>cap · tanh(logits / cap)</c>; null for the others.</summary>
    public double? FinalLogitSoftcap => Config.FinalLogitSoftcapping;

    /// <summary>Loads <c>config.json</c> and the safetensors weights of a Hugging Face model directory.</summary>
    public static CausalLM Load(string directory, ScalarType dtype, Device device) => ModelLoader.Load(directory, dtype, device);

    /// <summary>
    /// A base model with a PEFT LoRA adapter directory (<c>adapter_config.json</c>, <c>adapter_model.safetensors</c>)
    /// attached: generation, scoring and evaluation take the result like any model.
    /// </summary>
    public static CausalLM Load(string directory, string adapterDirectory, ScalarType dtype, Device device)
    {
        var model = ModelLoader.Load(directory, dtype, device);
        PeftAdapter.Load(model, adapterDirectory);
        return model;
    }

    /// <summary>Writes config.json and safetensors (sharded above <paramref name="maxShardBytes"/>); see <see cref="ModelSaver"/>.</summary>
    public void Save(string directory, long maxShardBytes = ModelSaver.DefaultMaxShardBytes, ScalarType? dtype = null) =>
        ModelSaver.Save(this, directory, maxShardBytes, dtype);

    /// <summary>A freshly initialised model as transformers initialises one (see <see cref="ModelInitializer"/>).</summary>
    public static CausalLM Create(ModelConfig config, ScalarType dtype, Device device, long seed) =>
        ModelInitializer.Create(config, dtype, device, seed);

    /// <summary>
    /// Final hidden states after the last norm, [B, T, hidden].
    /// </summary>
    /// <param name="inputIds">[B, T] int64 token ids.</param>
    /// <param name="positionIds">[B, T] rotary positions; by default counted over real tokens (after the cache), restarting per segment.</param>
    /// <param name="attentionMask">[B, T], 1 = token, 0 = padding (new tokens only; the cache remembers earlier ones).</param>
    /// <param name="cache">Keys and values of earlier tokens; extended with these.</param>
    /// <param name="segmentIds">[B, T] packed-sequence ids: tokens attend causally only within their segment (no cache).</param>
    public Tensor Hidden(Tensor inputIds, Tensor? positionIds = null, Tensor? attentionMask = null, KvCache? cache = null, Tensor? segmentIds = null) =>
        body.Forward(inputIds, positionIds, attentionMask, cache, segmentIds);

    /// <summary>
    /// [B, T, hidden] → logits [B, T, vocab] with the final soft-cap, in fp32 for 16-bit models. For generation and
    /// tests: training scores tokens without materialising the logits.
    /// </summary>
    public Tensor Logits(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var logits = F.linear(hidden, LmHeadWeight).to(Precision.Wide(hidden.dtype));
        if (FinalLogitSoftcap is double cap) logits = (logits / cap).tanh() * cap;
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary><c>Logits(Hidden(...))</c>.</summary>
    public Tensor Forward(Tensor inputIds, Tensor? positionIds = null, Tensor? attentionMask = null, KvCache? cache = null, Tensor? segmentIds = null)
    {
        using var scope = NewDisposeScope();
        return Logits(Hidden(inputIds, positionIds, attentionMask, cache, segmentIds)).MoveToOuterDisposeScope();
    }

    /// <summary>Every parameter a model of this config has, by Hugging Face name, from a copy built on the meta device.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> ParameterShapes(ModelConfig config)
    {
        using var model = new CausalLM(config, ScalarType.Float32, META);
        return model.NamedParameters().Select(p => (p.Name, p.Parameter.shape)).ToList();
    }

    /// <summary>The number of parameters of a model of this config (a tied head counted once).</summary>
    public static long ParameterCount(ModelConfig config) =>
        ParameterShapes(config).Sum(p => p.Shape.Aggregate(1L, (product, size) => product * size));

    /// <summary>Parameters by Hugging Face name, each once (a tied head is not listed twice).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters() => named_parameters().ToList();
}
