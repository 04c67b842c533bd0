using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Keys and values of the tokens seen so far, per layer [B, kv_heads, S, head_dim] (after rotary), grown by
/// concatenation, and which of those S keys are real tokens. Sliding-window layers keep every key too: the mask,
/// not the cache, applies the window, so cached decoding sees exactly what the full forward sees.
/// The cache owns its tensors (they live outside dispose scopes) until it is disposed.
/// </summary>
public sealed class KvCache(int layers) : IDisposable
{
    readonly Tensor?[] keys = new Tensor?[layers];
    readonly Tensor?[] values = new Tensor?[layers];
    Tensor? keyValid;

    /// <summary>Tokens cached so far, S.</summary>
    public long Length { get; private set; }

    public static KvCache For(CausalLM model) => new(model.Config.NumHiddenLayers);

    /// <summary>
    /// Starts a forward pass over <paramref name="newTokens"/> more tokens: records which are real
    /// (<paramref name="attentionMask"/> [B, T], 1 = token, or null for all) and returns the mask of all keys,
    /// [B, S + T] bool, or null while no key has been padding.
    /// </summary>
    internal Tensor? Extend(Tensor? attentionMask, long batch, long newTokens)
    {
        if (attentionMask is not null || keyValid is not null)
        {
            var before = keyValid ?? ones([batch, Length], ScalarType.Bool, attentionMask!.device);
            var added = attentionMask?.to(ScalarType.Bool) ?? ones([batch, newTokens], ScalarType.Bool, before.device);
            var all = cat([before, added], 1).DetachFromDisposeScope();
            keyValid?.Dispose();
            keyValid = all;
        }
        Length += newTokens;
        return keyValid;
    }

    /// <summary>Appends one layer's new keys and values [B, kv_heads, T, head_dim]; returns all of them [B, kv_heads, S + T, head_dim].</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor newKeys, Tensor newValues)
    {
        keys[layer] = Grow(keys[layer], newKeys);
        values[layer] = Grow(values[layer], newValues);
        return (keys[layer]!, values[layer]!);
    }

    /// <summary>Keeps only the batch rows <paramref name="rows"/> (int64 indices, in their order): finished sequences leave the batch.</summary>
    internal void KeepRows(Tensor rows)
    {
        for (int layer = 0; layer < keys.Length; layer++)
        {
            keys[layer] = SelectRows(keys[layer], rows);
            values[layer] = SelectRows(values[layer], rows);
        }
        keyValid = SelectRows(keyValid, rows);
    }

    /// <summary>The rows of <paramref name="tensor"/> (batch first) at <paramref name="rows"/>, the old tensor disposed.</summary>
    internal static Tensor? SelectRows(Tensor? tensor, Tensor rows)
    {
        if (tensor is null) return null;
        var kept = tensor.index_select(0, rows).DetachFromDisposeScope();
        tensor.Dispose();
        return kept;
    }

    static Tensor Grow(Tensor? cached, Tensor added)
    {
        var grown = (cached is null ? added.alias() : cat([cached, added], 2)).DetachFromDisposeScope();
        cached?.Dispose();
        return grown;
    }

    public void Dispose()
    {
        foreach (var tensor in keys.Concat(values).Append(keyValid)) tensor?.Dispose();
        Array.Clear(keys);
        Array.Clear(values);
        keyValid = null;
    }
}
