namespace Wpo.Data;

/// <summary>
/// Packs the chosen and rejected sequences of a group of pairs into as few rows of <c>rowLength</c> tokens as
/// first-fit decreasing finds (longest sequence first, each into the first row with room).
/// </summary>
public static class SequencePacker
{
    public static PackedBatch Pack(IReadOnlyList<TokenizedPair> pairs, int rowLength, long padId)
    {
        var sequences = new List<(int Pair, bool Chosen, int[] Ids, int PromptLength)>(2 * pairs.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            sequences.Add((i, true, pairs[i].ChosenIds, pairs[i].ChosenPromptLength));
            sequences.Add((i, false, pairs[i].RejectedIds, pairs[i].RejectedPromptLength));
        }
        int longest = sequences.Count == 0 ? 0 : sequences.Max(sequence => sequence.Ids.Length);
        if (longest > rowLength)
            throw new WpoException($"a sequence of {longest} tokens does not fit packed rows of {rowLength}; raise the row length to at least max_length.");

        var rowFill = new List<int>();
        var rowSegments = new List<int>();
        var placed = new PackedSequence[sequences.Count];
        foreach (int s in Enumerable.Range(0, sequences.Count).OrderByDescending(s => sequences[s].Ids.Length).ThenBy(s => s))
        {
            int length = sequences[s].Ids.Length;
            int row = rowFill.FindIndex(fill => fill + length <= rowLength);
            if (row < 0)
            {
                row = rowFill.Count;
                rowFill.Add(0);
                rowSegments.Add(0);
            }
            placed[s] = new PackedSequence(sequences[s].Pair, sequences[s].Chosen, row, rowFill[row], length, ++rowSegments[row]);
            rowFill[row] += length;
        }

        int rows = rowFill.Count, size = rows * rowLength;
        var ids = new long[size];
        var labels = new long[size];
        var positions = new long[size];
        var segments = new long[size];
        Array.Fill(ids, padId);
        Array.Fill(labels, TokenizedPair.IgnoredLabel);
        for (int s = 0; s < sequences.Count; s++)
        {
            PackedSequence at = placed[s];
            int offset = at.Row * rowLength + at.Start;
            for (int t = 0; t < at.Length; t++)
            {
                ids[offset + t] = sequences[s].Ids[t];
                labels[offset + t] = t < sequences[s].PromptLength ? TokenizedPair.IgnoredLabel : sequences[s].Ids[t];
                positions[offset + t] = t;
                segments[offset + t] = at.Segment;
            }
        }
        return new PackedBatch(rows, rowLength, ids, labels, positions, segments, placed, pairs.Count);
    }
}
