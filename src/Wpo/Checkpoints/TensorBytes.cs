using Microsoft.Win32.SafeHandles;
using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// Copies the raw bytes of a CPU, contiguous tensor between its memory and a file, chunk by chunk, with 64-bit
/// offsets. The kernel reads and writes the tensor's memory directly (no managed buffer in between), and chunks
/// keep each span under 2 GiB so tensors of any size work.
/// </summary>
static class TensorBytes
{
    /// <summary>Large enough that system-call overhead vanishes, small enough to stay far below a span's 2 GiB.</summary>
    public const long DefaultChunkBytes = 64L << 20;

    delegate void ChunkAction(Span<byte> bytes, long byteOffset);

    /// <summary>Fills <paramref name="destination"/> with the bytes at <paramref name="fileOffset"/>; throws
    /// <see cref="EndOfStreamException"/> when the file ends first.</summary>
    public static void Read(SafeFileHandle file, long fileOffset, torch.Tensor destination, long chunkBytes = DefaultChunkBytes) =>
        ForEachChunk(destination, chunkBytes, (bytes, byteOffset) => ReadExactly(file, bytes, fileOffset + byteOffset));

    /// <summary>Appends the bytes of <paramref name="source"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, torch.Tensor source, long chunkBytes = DefaultChunkBytes) =>
        ForEachChunk(source, chunkBytes, (bytes, _) => stream.Write(bytes));

    static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long fileOffset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(file, buffer, fileOffset);
            if (read == 0) throw new EndOfStreamException($"the file ends at byte {fileOffset}, {buffer.Length} bytes short.");
            buffer = buffer[read..];
            fileOffset += read;
        }
    }

    static void ForEachChunk(torch.Tensor tensor, long chunkBytes, ChunkAction action)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException($"raw byte copies need a CPU, contiguous tensor; got {tensor.device_type}, contiguous = {tensor.is_contiguous()}.");
        if (chunkBytes <= 0 || chunkBytes > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(chunkBytes));
        long count = tensor.numel();
        long elementSize = tensor.ElementSize;
        long chunkElements = Math.Max(1, chunkBytes / elementSize);
        using var flat = tensor.view(-1);
        for (long start = 0; start < count; start += chunkElements)
        {
            using var chunk = flat.narrow(0, start, Math.Min(chunkElements, count - start));
            action(chunk.bytes, start * elementSize);
        }
    }
}
