using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// The transformer body (<c>model</c>: embed_tokens, layers, norm): token ids → final normalised hidden states.
/// It derives the default positions, the rotary angles and the attention masks once per pass and shares them
/// among the layers.
/// </summary>
public sealed class DecoderModel : nn.Module
{
    [ComponentName(Name = "embed_tokens")] readonly TokenEmbedding embedTokens;
    [ComponentName(Name = "layers")] readonly ModuleList<DecoderLayer> layers;
    [ComponentName(Name = "norm")] readonly RmsNorm norm;
    readonly ModelConfig config;
    readonly double[] inverseFrequencies;

    public DecoderModel(ModelConfig config, ScalarType dtype, Device device, LoraAdapters adapters) : base(nameof(DecoderModel))
    {
        this.config = config;
        embedTokens = new TokenEmbedding(config.VocabSize, config.HiddenSize, dtype, device);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(i => new DecoderLayer(config, i, dtype, device, adapters)).ToArray());
        norm = DecoderLayer.Norm(config, dtype, device);
        inverseFrequencies = Rotary.InverseFrequencies(config, dtype);
        RegisterComponents();
    }

    public TokenEmbedding EmbedTokens => embedTokens;

    /// <summary>See <see cref="CausalLM.GradientCheckpointing"/>.</summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>See <see cref="CausalLM.Hidden"/>.</summary>
    public Tensor Forward(Tensor inputIds, Tensor? positionIds, Tensor? attentionMask, KvCache? cache, Tensor? segmentIds)
    {
        using var scope = NewDisposeScope();
        RequireShapeOfIds(attentionMask, inputIds, nameof(attentionMask));
        RequireShapeOfIds(positionIds, inputIds, nameof(positionIds));
        RequireShapeOfIds(segmentIds, inputIds, nameof(segmentIds));
        long batch = inputIds.shape[0], length = inputIds.shape[1];
        // The cache does not record segments, so tokens decoded after a packed prefill would attend across them.
        if (segmentIds is not null && cache is not null)
            throw new ArgumentException("Packed sequences (segmentIds) cannot be combined with a KV cache.", nameof(segmentIds));
        long past = cache?.Length ?? 0;
        var device = inputIds.device;
        var keyValid = cache is not null
            ? cache.Extend(attentionMask, batch, length)
            : attentionMask?.to(ScalarType.Bool);
        if (keyValid is not null && cache is null && keyValid.all().item<bool>()) keyValid = null;
        positionIds ??= DefaultPositions(past, batch, length, keyValid, segmentIds, device);

        var hidden = embedTokens.call(inputIds);
        // Gemma scales by √hidden rounded to the model dtype, as transformers does.
        if (config.GemmaNorms) hidden = hidden * tensor(Math.Sqrt(config.HiddenSize), hidden.dtype, device);
        var (cos, sin) = Rotary.Angles(inverseFrequencies, positionIds, hidden.dtype);
        var fullMask = AttentionMask.Build(past, length, keyValid, segmentIds, null, device);
        var slidingMask = config.SlidingWindow is int window
            ? AttentionMask.Build(past, length, keyValid, segmentIds, window, device)
            : fullMask;
        bool checkpointed = GradientCheckpointing && cache is null && is_grad_enabled();
        for (int i = 0; i < layers.Count; i++)
        {
            using var layerScope = NewDisposeScope();
            var mask = config.IsSlidingLayer(i) ? slidingMask : fullMask;
            hidden = (checkpointed
                ? CheckpointedLayer.Forward(layers[i], hidden, cos, sin, mask)
                : layers[i].Forward(hidden, cos, sin, mask, cache)).MoveToOuterDisposeScope();
        }
        return norm.call(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Checked before the cache is extended: transformers passes the mask of every token so far, which here would
    /// fail deep in libtorch after the cache had already grown.
    /// </summary>
    static void RequireShapeOfIds(Tensor? perToken, Tensor inputIds, string name)
    {
        if (perToken is not null && !perToken.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException(
                $"{name} is [{string.Join(", ", perToken.shape)}] but inputIds are [{string.Join(", ", inputIds.shape)}]: it covers the new tokens only (the cache remembers earlier ones).", name);
    }

    /// <summary>
    /// Positions [B, T] when the caller gives none: counting real tokens (so left padding does not shift them),
    /// restarting at 0 at each packed segment.
    /// </summary>
    static Tensor DefaultPositions(long past, long batch, long length, Tensor? keyValid, Tensor? segmentIds, Device device)
    {
        if (segmentIds is not null)
        {
            var index = arange(0, length, ScalarType.Int64, device).expand(batch, length);
            var starts = cat([ones([batch, 1], ScalarType.Bool, device), segmentIds.narrow(1, 1, length - 1).ne(segmentIds.narrow(1, 0, length - 1))], 1);
            var segmentStart = where(starts, index, zeros_like(index)).cummax(1).values;
            return index - segmentStart;
        }
        if (keyValid is not null)
            return (keyValid.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0).narrow(1, past, length);
        return arange(past, past + length, ScalarType.Int64, device).expand(batch, length);
    }
}
