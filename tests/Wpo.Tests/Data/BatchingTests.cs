using Wpo.Data;

namespace Wpo.Tests.Data;

public class BatchingTests
{
    static TokenizedPair Pair(int promptLength, int chosenLength, int rejectedLength, int row = 0)
    {
        int[] Run(int start, int count) => Enumerable.Range(start, count).ToArray();
        return new TokenizedPair(Run(100, promptLength), [.. Run(100, promptLength), .. Run(200, chosenLength)], promptLength,
            [.. Run(100, promptLength), .. Run(300, rejectedLength)], promptLength, new PairLengths(promptLength, chosenLength, rejectedLength), new RowOrigin("f", row));
    }

    [Fact]
    public void ChosenRowsThenRejectedRowsRightPadded()
    {
        var batch = PreferenceBatch.Collate([Pair(2, 1, 3, row: 5), Pair(1, 2, 1, row: 6)], padId: 0);
        Assert.Equal([4L, 5L], batch.Shape);
        long[] Row(long[] values, int r) => values[(r * 5)..((r + 1) * 5)];
        Assert.Equal([100L, 101, 200, 0, 0], Row(batch.InputIds, 0));       // chosen of pair 0
        Assert.Equal([100L, 200, 201, 0, 0], Row(batch.InputIds, 1));       // chosen of pair 1
        Assert.Equal([100L, 101, 300, 301, 302], Row(batch.InputIds, 2));   // rejected of pair 0
        Assert.Equal([-100L, -100, 200, -100, -100], Row(batch.Labels, 0));
        Assert.Equal([-100L, 300, -100, -100, -100], Row(batch.Labels, 3));
        Assert.Equal([1L, 1, 1, 0, 0], Row(batch.AttentionMask, 0));
        Assert.Equal([5L, 6L], batch.Origins.Select(origin => origin.Row));
        Assert.Equal(3 + 3 + 5 + 2, batch.RealTokens);
        Assert.Equal(13 / 20.0, batch.PaddingEfficiency, 12);
    }

    static List<TokenizedPair> MixedLengths() =>
        Enumerable.Range(0, 400).Select(i => Pair(5, 1 + (i * 37) % 200, 1 + (i * 53) % 180, row: i)).ToList();

    [Fact]
    public void BatcherIsDeterministicPerSeedAndEpochAndCoversEveryPairOnce()
    {
        var pairs = MixedLengths();
        var batcher = new PreferenceBatcher(pairs, batchSize: 8, seed: 1);
        Assert.Equal(batcher.BatchIndices(0), new PreferenceBatcher(pairs, 8, seed: 1).BatchIndices(0));
        Assert.NotEqual(batcher.BatchIndices(0), batcher.BatchIndices(1));
        Assert.Equal(Enumerable.Range(0, 400), batcher.BatchIndices(3).SelectMany(batch => batch).Order());
        Assert.Equal(50, batcher.BatchIndices(0).Count);
        Assert.Equal(Enumerable.Range(0, 400), new PreferenceBatcher(pairs, 8, 1, shuffle: false).BatchIndices(0).SelectMany(batch => batch));
    }

    [Fact]
    public void DropLastDropsTheShortBatch()
    {
        var pairs = MixedLengths().Take(21).ToList();
        Assert.Equal(3, new PreferenceBatcher(pairs, 8, 0).BatchIndices(0).Count);
        Assert.Equal(2, new PreferenceBatcher(pairs, 8, 0, dropLast: true).BatchIndices(0).Count);
    }

    [Fact]
    public void LengthGroupingCutsPadding()
    {
        var pairs = MixedLengths();
        double plain = new PreferenceBatcher(pairs, 8, seed: 1).PaddingEfficiency(0);
        var grouped = new PreferenceBatcher(pairs, 8, seed: 1, groupByLength: true);
        Assert.True(grouped.PaddingEfficiency(0) > plain + 0.15, $"grouped {grouped.PaddingEfficiency(0):F3} vs plain {plain:F3}");
        Assert.Equal(Enumerable.Range(0, 400), grouped.BatchIndices(0).SelectMany(batch => batch).Order());
        double measured = grouped.Batches(0, padId: 0).Sum(batch => (double)batch.RealTokens) / grouped.Batches(0, 0).Sum(batch => batch.InputIds.Length);
        Assert.Equal(grouped.PaddingEfficiency(0), measured, 12);
    }

    [Fact]
    public void PackingPlacesEverySequenceWithPositionsSegmentsAndABlockDiagonalMask()
    {
        var pairs = new List<TokenizedPair> { Pair(2, 3, 1), Pair(1, 1, 2), Pair(3, 4, 2) };
        PackedBatch packed = SequencePacker.Pack(pairs, rowLength: 8, padId: 0);
        Assert.Equal(6, packed.Sequences.Count);
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(i => new[] { (i, true), (i, false) }), packed.Sequences.Select(s => (s.PairIndex, s.IsChosen)));
        int total = pairs.Sum(pair => pair.ChosenIds.Length + pair.RejectedIds.Length);
        Assert.Equal(total, packed.Sequences.Sum(s => s.Length));
        Assert.Equal(4, packed.Rows);   // lengths 7, 5, 5, 3, 3, 2: 25 tokens need at least 4 rows of 8
        foreach (PackedSequence s in packed.Sequences)
        {
            TokenizedPair pair = pairs[s.PairIndex];
            int[] ids = s.IsChosen ? pair.ChosenIds : pair.RejectedIds;
            int[] labels = s.IsChosen ? pair.ChosenLabels : pair.RejectedLabels;
            int offset = s.Row * packed.Length + s.Start;
            Assert.Equal(ids.Select(id => (long)id), packed.InputIds[offset..(offset + s.Length)]);
            Assert.Equal(labels.Select(id => (long)id), packed.Labels[offset..(offset + s.Length)]);
            Assert.Equal(Enumerable.Range(0, s.Length).Select(t => (long)t), packed.PositionIds[offset..(offset + s.Length)]);
            Assert.All(packed.SegmentIds[offset..(offset + s.Length)], segment => Assert.Equal(s.Segment, segment));
            Assert.True(packed.Attends(s.Row, s.Start + s.Length - 1, s.Start));
            if (s.Start > 0) Assert.False(packed.Attends(s.Row, s.Start, s.Start - 1));
            Assert.False(packed.Attends(s.Row, s.Start, s.Start + s.Length - 1) && s.Length > 1);
        }
        Assert.Equal((double)total / (packed.Rows * 8), packed.PaddingEfficiency, 12);
        bool[] mask = packed.CausalMask();
        Assert.Equal(packed.Rows * 64, mask.Length);
        Assert.Equal(packed.Sequences.Sum(s => s.Length * (s.Length + 1) / 2), mask.Count(allowed => allowed));
    }

    [Fact]
    public void PackingRefusesASequenceLongerThanARow()
    {
        var error = Assert.Throws<WpoException>(() => SequencePacker.Pack([Pair(5, 5, 1)], rowLength: 8, padId: 0));
        Assert.Contains("10 tokens", error.Message);
    }
}
