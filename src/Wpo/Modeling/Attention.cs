using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Wpo.Modeling.Lora;
using F = TorchSharp.torch.nn.functional;

namespace Wpo.Modeling;

/// <summary>
/// Grouped-query self-attention with rotary positions (<c>self_attn</c>: q_proj, k_proj, v_proj, o_proj).
/// Uses libtorch's scaled_dot_product_attention, except with Gemma 2's attention soft-capping, which needs the
/// scores themselves and so is computed explicitly (softmax in fp32, as in transformers' eager attention).
/// </summary>
public sealed class Attention : nn.Module
{
    [ComponentName(Name = "q_proj")] readonly Linear queryProjection;
    [ComponentName(Name = "k_proj")] readonly Linear keyProjection;
    [ComponentName(Name = "v_proj")] readonly Linear valueProjection;
    [ComponentName(Name = "o_proj")] readonly Linear outputProjection;
    readonly int heads;
    readonly int keyValueHeads;
    readonly int headDim;
    readonly double scale;
    readonly double? softcap;
    readonly LoraAdapters adapters;

    public Attention(ModelConfig config, ScalarType dtype, Device device, LoraAdapters adapters) : base(nameof(Attention))
    {
        this.adapters = adapters;
        heads = config.NumAttentionHeads;
        keyValueHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        scale = config.AttentionScale;
        softcap = config.AttnLogitSoftcapping;
        long hidden = config.HiddenSize;
        queryProjection = nn.Linear(hidden, heads * headDim, config.QkvBias, device, dtype);
        keyProjection = nn.Linear(hidden, keyValueHeads * headDim, config.QkvBias, device, dtype);
        valueProjection = nn.Linear(hidden, keyValueHeads * headDim, config.QkvBias, device, dtype);
        outputProjection = nn.Linear(heads * headDim, hidden, config.OutputBias, device, dtype);
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="x"/> [B, T, hidden] → [B, T, hidden]. <paramref name="cos"/>, <paramref name="sin"/>:
    /// [B, 1, T, head_dim]. With a cache, the new keys and values are appended to layer <paramref name="layer"/>'s.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, AttentionMask mask, KvCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1];
        var query = Rotary.Apply(SplitHeads(adapters.Project(queryProjection, x), heads), cos, sin);
        var key = Rotary.Apply(SplitHeads(adapters.Project(keyProjection, x), keyValueHeads), cos, sin);
        var value = SplitHeads(adapters.Project(valueProjection, x), keyValueHeads);
        if (cache is not null) (key, value) = cache.Append(layer, key, value);
        key = RepeatKeyValueHeads(key);
        value = RepeatKeyValueHeads(value);
        var attended = softcap is double cap
            ? SoftcappedAttention(query, key, value, mask.Allowed, cap)
            : FusedAttention(query, key, value, mask);
        var merged = attended.transpose(1, 2).reshape(batch, length, heads * headDim);
        return adapters.Project(outputProjection, merged).MoveToOuterDisposeScope();
    }

    /// <summary>[B, T, heads · head_dim] → [B, heads, T, head_dim].</summary>
    Tensor SplitHeads(Tensor projected, int count) =>
        projected.view(projected.shape[0], projected.shape[1], count, headDim).transpose(1, 2);

    /// <summary>[B, kv_heads, S, D] → [B, heads, S, D]: each key/value head serves heads / kv_heads query heads.</summary>
    Tensor RepeatKeyValueHeads(Tensor states)
    {
        int groups = heads / keyValueHeads;
        if (groups == 1) return states;
        long batch = states.shape[0], length = states.shape[2];
        return states.unsqueeze(2).expand(batch, keyValueHeads, groups, length, headDim).reshape(batch, heads, length, headDim);
    }

    Tensor FusedAttention(Tensor query, Tensor key, Tensor value, AttentionMask mask)
    {
        // SDPA always scales by head_dim^-1/2 and takes no scale argument: fold any other scale into q.
        double defaultScale = 1.0 / Math.Sqrt(headDim);
        if (Math.Abs(scale - defaultScale) > 1e-12 * defaultScale) query = query * (scale / defaultScale);
        long queries = query.shape[2], keys = key.shape[2];
        // SDPA's own causal mask is top-left aligned, right only when queries and keys coincide.
        if (mask.CausalOnly && queries == keys) return F.scaled_dot_product_attention(query, key, value, is_casual: true);
        if (mask.CausalOnly && queries == 1) return F.scaled_dot_product_attention(query, key, value);
        return F.scaled_dot_product_attention(query, key, value, mask.Allowed);
    }

    /// <summary>Gemma 2: <c>softmax(cap · tanh(q·kᵀ · scale / cap) + mask) · v</c>, softmax in fp32.</summary>
    Tensor SoftcappedAttention(Tensor query, Tensor key, Tensor value, Tensor allowed, double cap)
    {
        var scores = query.matmul(key.transpose(-2, -1)) * scale;
        scores = (scores / cap).tanh() * cap;
        scores = scores.masked_fill(allowed.logical_not(), double.NegativeInfinity);
        var probabilities = scores.softmax(-1, Precision.Wide(query.dtype)).to(query.dtype);
        return probabilities.matmul(value);
    }
}
