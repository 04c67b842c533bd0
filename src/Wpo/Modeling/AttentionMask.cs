using static TorchSharp.torch;

namespace Wpo.Modeling;

/// <summary>
/// Which keys each query of one forward pass may attend to. Keys are indexed over the cache and the new tokens
/// (0 … S−1); the queries are the last T of them. A key is allowed when it is not after the query, lies within
/// the sliding window (<c>q − k &lt; window</c>, transformers' <c>sliding_window_overlay</c>), is a real token
/// rather than padding, and belongs to the query's packed segment. A query always sees itself, so the rows of
/// padding tokens stay finite instead of becoming a softmax over nothing.
/// </summary>
/// <param name="Allowed">[B or 1, 1, T, S] bool, true where attention is allowed.</param>
/// <param name="CausalOnly">True when <paramref name="Allowed"/> is the plain causal mask, so SDPA may use its own.</param>
public sealed record AttentionMask(Tensor Allowed, bool CausalOnly)
{
    /// <param name="past">Keys already in the cache.</param>
    /// <param name="queries">New tokens, T.</param>
    /// <param name="keyValid">[B, past + T] bool, false at padding; null when every key is a token.</param>
    /// <param name="segmentIds">[B, T] packed-sequence ids (only without a cache); null for one sequence per row.</param>
    /// <param name="window">Sliding window, or null for full attention.</param>
    /// <param name="device">Where the mask is built (the device of the input ids).</param>
    public static AttentionMask Build(long past, long queries, Tensor? keyValid, Tensor? segmentIds, int? window, Device device)
    {
        using var scope = NewDisposeScope();
        long keys = past + queries;
        var queryIndex = arange(past, keys, ScalarType.Int64, device).view(1, 1, queries, 1);
        var keyIndex = arange(0, keys, ScalarType.Int64, device).view(1, 1, 1, keys);
        var allowed = keyIndex.le(queryIndex);
        if (window is int size) allowed = allowed.logical_and(keyIndex.gt(queryIndex - size));
        if (keyValid is not null) allowed = allowed.logical_and(keyValid.to(ScalarType.Bool).view(keyValid.shape[0], 1, 1, keys));
        if (segmentIds is not null)
        {
            long batch = segmentIds.shape[0];
            allowed = allowed.logical_and(segmentIds.view(batch, 1, queries, 1).eq(segmentIds.view(batch, 1, 1, queries)));
        }
        allowed = allowed.logical_or(keyIndex.eq(queryIndex));
        bool causalOnly = keyValid is null && segmentIds is null && (window is null || keys <= window);
        return new AttentionMask(allowed.MoveToOuterDisposeScope(), causalOnly);
    }
}
