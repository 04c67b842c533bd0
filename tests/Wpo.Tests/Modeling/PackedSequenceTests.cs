using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Modeling;

/// <summary>Sequences packed into one row with segment ids give the logits and hidden states they give alone.</summary>
public sealed class PackedSequenceTests
{
    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void A_packed_row_equals_its_sequences_run_separately(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long[] lengths = [5, 9, 4];
        var sequences = lengths.Select((length, i) => TinyModels.RandomIds(1, length, model.Config.VocabSize, seed: 20 + i)).ToList();
        var segments = cat(lengths.Select((length, i) => full([1, length], (long)i, ScalarType.Int64)).ToList(), 1);

        var packed = model.Forward(cat(sequences, 1), segmentIds: segments);
        var separate = cat(sequences.Select(sequence => model.Forward(sequence)).ToList(), 1);

        double difference = TinyModels.MaxAbsDifference(packed, separate);
        Assert.True(difference < 1e-5, $"{modelType}: packed vs separate logits differ by {difference:E2}");
    }

    [Fact]
    public void Packed_segments_refuse_a_cache_even_an_empty_one()
    {
        // The cache does not remember segments: tokens decoded after a packed prefill would see every segment.
        using var model = TinyModels.Create("llama");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var cache = KvCache.For(model);
        var ids = TinyModels.RandomIds(1, 4, model.Config.VocabSize, seed: 31);
        var segments = tensor(new long[] { 1, 1, 2, 2 }).view(1, 4);
        Assert.Throws<ArgumentException>(() => model.Forward(ids, segmentIds: segments, cache: cache));
        Assert.Equal(0, cache.Length);
    }

    [Fact]
    public void Explicit_positions_restarting_per_segment_equal_the_default_ones()
    {
        using var model = TinyModels.Create("llama");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = TinyModels.RandomIds(1, 7, model.Config.VocabSize, seed: 30);
        var segments = tensor(new long[] { 0, 0, 0, 1, 1, 1, 1 }).view(1, 7);
        var positions = tensor(new long[] { 0, 1, 2, 0, 1, 2, 3 }).view(1, 7);
        // Rotary attention depends only on distances, so the wrong positions must change a distance, not just shift.
        var stretched = tensor(new long[] { 0, 1, 2, 0, 2, 4, 6 }).view(1, 7);

        var byDefault = model.Hidden(ids, segmentIds: segments);
        Assert.True(TinyModels.MaxAbsDifference(model.Hidden(ids, positions, segmentIds: segments), byDefault) < 1e-6);
        Assert.True(TinyModels.MaxAbsDifference(model.Hidden(ids, stretched, segmentIds: segments), byDefault) > 1e-4);
    }
}
