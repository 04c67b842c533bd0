using Wpo.Generation;
using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>Greedy decoding of a rectangular batch of prompts, through <see cref="SequenceGenerator"/> (the KV cache, one token per step).</summary>
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
        long rows = promptIds.shape[0], promptLength = promptIds.shape[1];
        long[] ids;
        using (NewDisposeScope()) ids = promptIds.to(ScalarType.Int64).cpu().contiguous().data<long>().ToArray();
        var requests = Enumerable.Range(0, (int)rows)
            .Select(r => new GenerationRequest(ids.Skip((int)(r * promptLength)).Take((int)promptLength).Select(id => (int)id).ToArray()))
            .ToList();
        var settings = SamplingSettings.Greedy(maxNewTokens, eosId is long eos ? [eos] : []);
        var sequences = new SequenceGenerator(model, settings).Generate(requests);
        int length = sequences.Max(s => s.Tokens.Count);
        long filler = eosId ?? 0;
        var tokens = sequences.SelectMany(s => s.Tokens.Select(id => (long)id).Concat(Enumerable.Repeat(filler, length - s.Tokens.Count))).ToArray();
        return tensor(tokens, [rows, length]);
    }
}
