using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>Greedy decoding with the KV cache: the prompt is encoded once, then one token per step.</summary>
public static class GreedyDecoder
{
    /// <summary>
    /// Appends up to <paramref name="maxNewTokens"/> argmax tokens to each prompt row [B, T] (no padding) and returns
    /// them, [B, N] int64. Once a row emits <paramref name="eosId"/> it keeps emitting it; decoding stops early when
    /// every row has.
    /// </summary>
    public static Tensor Generate(CausalLM model, Tensor promptIds, int maxNewTokens, long? eosId = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        using var noGrad = no_grad();
        using var cache = KvCache.For(model);
        var generated = new List<Tensor>();
        using var outer = NewDisposeScope();
        var input = promptIds.to(model.Device);
        Tensor? finished = null;
        for (int step = 0; step < maxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            // Only the last position's logits: the prompt's full [B, T, vocab] fp32 logits would be gigabytes for long prompts.
            var next = model.Logits(model.Hidden(input, cache: cache).select(1, -1)).argmax(-1, keepdim: true);
            if (eosId is long eos)
            {
                if (finished is not null) next = where(finished, full_like(next, eos), next);
                finished = (finished is null ? next.eq(eos) : finished.logical_or(next.eq(eos))).MoveToOuterDisposeScope();
            }
            input = next.MoveToOuterDisposeScope();
            generated.Add(input);
            if (finished is not null && finished.all().item<bool>()) break;
        }
        return (generated.Count == 0 ? empty([promptIds.shape[0], 0], ScalarType.Int64) : cat(generated, 1)).MoveToOuterDisposeScope();
    }
}
