using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>Decoding with the cache sees exactly what the full forward sees, also after a sliding window has moved on.</summary>
public sealed class KvCacheTests
{
    const int Length = 32;

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Incremental_logits_match_the_full_forward_over_a_long_sequence(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(2, Length, model.Config.VocabSize, seed: 11);
        var full = model.Forward(ids);

        using var cache = KvCache.For(model);
        var pieces = new List<Tensor>();
        foreach (var (start, size) in Chunks([4, 1, 1, 3, 1, 2, 1, 1, 6]))
            pieces.Add(model.Forward(ids.narrow(1, start, size), cache: cache));

        Assert.Equal(Length, cache.Length);
        double difference = TinyModels.MaxAbsDifference(cat(pieces, 1), full);
        Assert.True(difference < 1e-5, $"{modelType}: cached vs full logits differ by {difference:E2}");
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Left_padded_rows_give_the_logits_of_the_unpadded_sequence_with_and_without_the_cache(string modelType)
    {
        const int padding = 3;
        using var model = TinyModels.Create(modelType);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sequence = TinyModels.RandomIds(1, Length - padding, model.Config.VocabSize, seed: 12);
        var other = TinyModels.RandomIds(1, Length, model.Config.VocabSize, seed: 13);
        var ids = cat([cat([zeros([1, padding], ScalarType.Int64), sequence], 1), other], 0);
        var mask = ones([2, Length], ScalarType.Int64);
        mask[0, TensorIndex.Slice(0, padding)] = tensor(0L);

        var alone = model.Forward(sequence);
        var padded = model.Forward(ids, attentionMask: mask).narrow(1, padding, Length - padding);
        using var cache = KvCache.For(model);
        var prefill = model.Forward(ids.narrow(1, 0, 10), attentionMask: mask.narrow(1, 0, 10), cache: cache);
        var decoded = Enumerable.Range(10, Length - 10).Select(i => model.Forward(ids.narrow(1, i, 1), cache: cache)).ToList();
        var cached = cat([prefill, .. decoded], 1).narrow(1, padding, Length - padding);

        Assert.True(TinyModels.MaxAbsDifference(padded.narrow(0, 0, 1), alone) < 1e-5, $"{modelType}: padded row differs from the sequence alone");
        Assert.True(TinyModels.MaxAbsDifference(cached, padded) < 1e-5, $"{modelType}: cached padded batch differs from the full forward");
    }

    [Fact]
    public void A_mask_over_the_cached_tokens_too_is_refused_and_leaves_the_cache_as_it_was()
    {
        // transformers takes the mask of every token so far; here it covers the new tokens only.
        using var model = TinyModels.Create("mistral");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var cache = KvCache.For(model);
        var ids = TinyModels.RandomIds(1, 6, model.Config.VocabSize, seed: 16);
        model.Forward(ids.narrow(1, 0, 5), attentionMask: ones([1, 5], ScalarType.Int64), cache: cache);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(ids.narrow(1, 5, 1), attentionMask: ones([1, 6], ScalarType.Int64), cache: cache));

        Assert.Contains("new tokens only", error.Message);
        Assert.Equal(5, cache.Length);
        var next = model.Forward(ids.narrow(1, 5, 1), attentionMask: ones([1, 1], ScalarType.Int64), cache: cache);
        Assert.True(TinyModels.MaxAbsDifference(next, model.Forward(ids).narrow(1, 5, 1)) < 1e-5);
    }

    [Fact]
    public void Greedy_decoding_with_the_cache_equals_argmax_of_repeated_full_forwards()
    {
        using var model = TinyModels.Create("mistral");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(2, 6, model.Config.VocabSize, seed: 14);
        var generated = GreedyDecoder.Generate(model, ids, 10);

        var sequence = ids;
        for (int step = 0; step < 10; step++)
            sequence = cat([sequence, model.Forward(sequence).select(1, -1).argmax(-1, keepdim: true)], 1);
        Assert.Equal(sequence.narrow(1, 6, 10).data<long>().ToArray(), generated.data<long>().ToArray());
    }

    [Fact]
    public void Greedy_decoding_stops_when_every_row_has_emitted_eos()
    {
        using var model = TinyModels.Create("llama");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(1, 5, model.Config.VocabSize, seed: 15);
        long first = GreedyDecoder.Generate(model, ids, 1).item<long>();
        var generated = GreedyDecoder.Generate(model, ids, 8, eosId: first);
        Assert.Equal([first], generated.data<long>().ToArray());
    }

    static IEnumerable<(long Start, long Size)> Chunks(int[] sizes)
    {
        long start = 0;
        foreach (int size in sizes.Concat(Enumerable.Repeat(1, Length)))
        {
            if (start >= Length) yield break;
            long clipped = Math.Min(size, Length - start);
            yield return (start, clipped);
            start += clipped;
        }
    }
}
