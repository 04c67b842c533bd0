using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wpo.Checkpoints;

/// <summary>
/// Where each tensor of a file being written goes, and the header bytes (8-byte length and JSON) that say so.
/// Pure arithmetic on sizes, so the 64-bit offsets can be checked without any data.
/// </summary>
sealed class SafeTensorsLayout
{
    /// <summary>The 8-byte little-endian length, then the JSON padded with spaces so the data starts at a multiple of 8.</summary>
    public byte[] Header { get; }

    /// <summary>Tensors in the order of their bytes in the file; offsets are relative to the data section.</summary>
    public IReadOnlyList<TensorEntry> Entries { get; }

    public long DataLength { get; }
    public long FileLength => Header.Length + DataLength;

    SafeTensorsLayout(byte[] header, IReadOnlyList<TensorEntry> entries, long dataLength)
    {
        Header = header;
        Entries = entries;
        DataLength = dataLength;
    }

    /// <summary>
    /// Places the tensors back to back, ordered (stably) by element size, largest first: since the data section
    /// starts at a multiple of 8, every tensor then starts at a multiple of its element size, which readers that
    /// map the file and view bytes as the dtype (PyTorch's safetensors loader among them) require.
    /// </summary>
    public static SafeTensorsLayout Plan(IReadOnlyList<TensorSpec> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var entries = new List<TensorEntry>(tensors.Count);
        long offset = 0;
        foreach (var spec in tensors.OrderByDescending(t => SafeTensorsDType.SizeOf(t.DType)))
        {
            long end = checked(offset + spec.ByteCount);
            entries.Add(new TensorEntry(spec.Name, spec.DType, spec.Shape, offset, end));
            offset = end;
        }
        return new SafeTensorsLayout(HeaderBytes(entries, metadata), entries, offset);
    }

    static byte[] HeaderBytes(IReadOnlyList<TensorEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata.Count > 0)
            {
                writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            foreach (var entry in entries)
            {
                writer.WriteStartObject(entry.Name);
                writer.WriteString("dtype", SafeTensorsDType.NameOf(entry.DType));
                writer.WriteStartArray("shape");
                foreach (long dim in entry.Shape) writer.WriteNumberValue(dim);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(entry.Begin);
                writer.WriteNumberValue(entry.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        long jsonLength = json.Length;
        long paddedLength = (jsonLength + 7) / 8 * 8;
        if (paddedLength > SafeTensorsHeader.MaxBytes)
            throw new ArgumentException($"the header would take {paddedLength} bytes, more than the {SafeTensorsHeader.MaxBytes} that SafeTensors readers accept; save fewer tensors per file.");
        var header = new byte[8 + paddedLength];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)paddedLength);
        json.GetBuffer().AsSpan(0, (int)jsonLength).CopyTo(header.AsSpan(8));
        header.AsSpan(8 + (int)jsonLength).Fill((byte)' ');
        return header;
    }
}
