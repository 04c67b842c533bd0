using static TorchSharp.torch;

namespace Wpo.Objectives;

/// <summary>
/// The memory of the chunked LM head: raw logits [chunk, V] in the input dtype (one matmul per chunk) and a work
/// buffer [block, V] in the compute dtype walked over the chunk in row blocks, so that a chunk large enough for an
/// efficient matmul costs little float32 memory, and the raw logits survive the element-wise work.
/// </summary>
/// <param name="Raw">[min(chunk, positions), V], input dtype.</param>
/// <param name="Work">[min(chunk, positions, BlockRows), V], compute dtype.</param>
internal sealed record ChunkBuffers(Tensor Raw, Tensor Work)
{
    /// <summary>Rows of the work buffer: element-wise passes over 128-row blocks measured as fast as over whole chunks.</summary>
    public const int BlockRows = 128;

    /// <summary>Buffers for <paramref name="positions"/> positions; <paramref name="raw"/>, when given, is reused as the raw buffer.</summary>
    public static ChunkBuffers Create(long positions, long vocabulary, int chunkSize, ScalarType inputType, Device device, Tensor? raw = null)
    {
        long rows = Math.Min(chunkSize, Math.Max(positions, 1));
        return new ChunkBuffers(
            raw ?? empty(rows, vocabulary, inputType, device),
            empty(Math.Min(rows, BlockRows), vocabulary, TokenScores.ComputeType(inputType), device));
    }

    /// <summary>The raw logits of the first <paramref name="count"/> rows.</summary>
    public Tensor RawRows(long count) => Raw.narrow(0, 0, count);

    /// <summary>(offset within the chunk, raw rows, work rows) for each row block of a chunk of <paramref name="count"/> rows.</summary>
    public IEnumerable<(long Offset, Tensor Raw, Tensor Work)> Blocks(long count)
    {
        foreach (var (offset, rows) in Ranges(count, Work.shape[0]))
            yield return (offset, Raw.narrow(0, offset, rows), Work.narrow(0, 0, rows));
    }

    /// <summary>[start, start + count) ranges of at most <paramref name="size"/> covering [0, total).</summary>
    public static IEnumerable<(long Start, long Count)> Ranges(long total, long size)
    {
        for (long start = 0; start < total; start += size)
            yield return (start, Math.Min(size, total - start));
    }
}
