namespace Wpo.Data;

/// <summary>Where one sequence of a pair sits in a <see cref="PackedBatch"/>.</summary>
public readonly record struct PackedSequence(int PairIndex, bool IsChosen, int Row, int Start, int Length, int Segment);

/// <summary>
/// Several sequences per row, no padding between them: <c>[R, T]</c> row-major int64 arrays. Positions restart
/// at 0 for each sequence; <see cref="SegmentIds"/> number the sequences of a row from 1 (0 = padding), and a
/// token may attend only to earlier tokens of its own segment (a block-diagonal causal mask,
/// <see cref="Attends"/>). Every sequence starts with prompt tokens (label −100), so the prediction that crosses
/// from one segment into the next is never scored.
/// </summary>
public sealed class PackedBatch
{
    internal PackedBatch(int rows, int length, long[] inputIds, long[] labels, long[] positionIds, long[] segmentIds, IReadOnlyList<PackedSequence> sequences, int pairCount)
    {
        Rows = rows;
        Length = length;
        InputIds = inputIds;
        Labels = labels;
        PositionIds = positionIds;
        SegmentIds = segmentIds;
        Sequences = sequences;
        PairCount = pairCount;
    }

    public int Rows { get; }

    public int Length { get; }

    public int PairCount { get; }

    public long[] InputIds { get; }

    public long[] Labels { get; }

    public long[] PositionIds { get; }

    public long[] SegmentIds { get; }

    /// <summary>Each pair's chosen and rejected sequence, in pair order (chosen first): what the objective sums over.</summary>
    public IReadOnlyList<PackedSequence> Sequences { get; }

    public long[] Shape => [Rows, Length];

    public double PaddingEfficiency => (double)Sequences.Sum(sequence => (long)sequence.Length) / ((long)Rows * Length);

    /// <summary>Whether position <paramref name="query"/> of <paramref name="row"/> may attend to position <paramref name="key"/>.</summary>
    public bool Attends(int row, int query, int key)
    {
        long segment = SegmentIds[row * Length + query];
        return segment != 0 && key <= query && SegmentIds[row * Length + key] == segment;
    }

    /// <summary>The mask as <c>[R, T, T]</c> booleans (true = may attend), for models that take an explicit mask.</summary>
    public bool[] CausalMask()
    {
        var mask = new bool[Rows * Length * Length];
        for (int r = 0; r < Rows; r++)
            for (int q = 0; q < Length; q++)
                for (int k = 0; k <= q; k++)
                    mask[(r * Length + q) * Length + k] = Attends(r, q, k);
        return mask;
    }
}
