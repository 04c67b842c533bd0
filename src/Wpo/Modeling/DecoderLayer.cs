using TorchSharp;
using TorchSharp.Utils;
using Wpo.Modeling.Lora;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// One pre-norm transformer block: <c>h += self_attn(input_layernorm(h))</c>, then
/// <c>h += mlp(post_attention_layernorm(h))</c>. Gemma 2 normalises the branch outputs too: the attention output by
/// post_attention_layernorm, the feed-forward input by pre_feedforward_layernorm and its output by post_feedforward_layernorm.
/// </summary>
public sealed class DecoderLayer : nn.Module
{
    [ComponentName(Name = "self_attn")] readonly Attention selfAttention;
    [ComponentName(Name = "mlp")] readonly FeedForward feedForward;
    [ComponentName(Name = "input_layernorm")] readonly RmsNorm inputNorm;
    [ComponentName(Name = "post_attention_layernorm")] readonly RmsNorm postAttentionNorm;
    [ComponentName(Name = "pre_feedforward_layernorm")] readonly RmsNorm? preFeedForwardNorm;
    [ComponentName(Name = "post_feedforward_layernorm")] readonly RmsNorm? postFeedForwardNorm;
    readonly int index;

    public DecoderLayer(ModelConfig config, int index, ScalarType dtype, Device device, LoraAdapters adapters) : base(nameof(DecoderLayer))
    {
        this.index = index;
        selfAttention = new Attention(config, dtype, device, adapters);
        feedForward = new FeedForward(config, dtype, device, adapters);
        inputNorm = Norm(config, dtype, device);
        postAttentionNorm = Norm(config, dtype, device);
        if (config.SandwichNorms)
        {
            preFeedForwardNorm = Norm(config, dtype, device);
            postFeedForwardNorm = Norm(config, dtype, device);
        }
        RegisterComponents();
    }

    internal static RmsNorm Norm(ModelConfig config, ScalarType dtype, Device device) =>
        new(config.HiddenSize, config.RmsNormEps, config.GemmaNorms, dtype, device);

    /// <summary><paramref name="hidden"/> [B, T, hidden] → [B, T, hidden].</summary>
    public Tensor Forward(Tensor hidden, Tensor cos, Tensor sin, AttentionMask mask, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var attended = selfAttention.Forward(inputNorm.call(hidden), cos, sin, mask, cache, index);
        if (preFeedForwardNorm is null)
        {
            hidden = hidden + attended;
            return (hidden + feedForward.call(postAttentionNorm.call(hidden))).MoveToOuterDisposeScope();
        }
        hidden = hidden + postAttentionNorm.call(attended);
        var fedForward = feedForward.call(preFeedForwardNorm.call(hidden));
        return (hidden + postFeedForwardNorm!.call(fedForward)).MoveToOuterDisposeScope();
    }
}
