using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// A read-only view of one .safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>), then the raw bytes.
/// The header is validated when the file is opened; tensors are read on demand.
/// </summary>
public sealed class SafeTensorsFile
{
    const int ReadBufferBytes = 1 << 20;
    const long MaxHeaderBytes = 100L << 20;

    public string Path { get; }
    public IReadOnlyDictionary<string, TensorEntry> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Absolute file offset of the first data byte (8 + header length).</summary>
    public long DataStart { get; }

    SafeTensorsFile(string path, IReadOnlyDictionary<string, TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
    }

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new SafeTensorsFormatException($"{path}: file not found.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new SafeTensorsFormatException($"{path}: truncated file ({fileLength} bytes); a SafeTensors file starts with an 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw new SafeTensorsFormatException($"{path}: header length {headerLength} runs past the end of the file ({fileLength} bytes); the file is truncated or not SafeTensors.");
        if (headerLength > MaxHeaderBytes)
            throw new SafeTensorsFormatException($"{path}: header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;
        var (tensors, metadata) = SafeTensorsHeader.Parse(path, header, fileLength - dataStart);
        return new SafeTensorsFile(path, tensors, metadata, dataStart);
    }

    public TensorEntry Entry(string name) =>
        Tensors.TryGetValue(name, out var entry)
            ? entry
            : throw new SafeTensorsFormatException($"{Path}: no tensor named '{name}'.");

    /// <summary>Reads a tensor into CPU memory with its stored dtype.</summary>
    public torch.Tensor Read(string name)
    {
        var entry = Entry(name);
        var tensor = torch.empty(entry.Shape, entry.DType);
        ReadInto(entry, tensor);
        return tensor;
    }

    /// <summary>Fills <paramref name="destination"/> (CPU, contiguous, same dtype and element count) with the tensor's bytes.</summary>
    public void ReadInto(TensorEntry entry, torch.Tensor destination)
    {
        if (destination.dtype != entry.DType || destination.numel() != entry.ElementCount)
            throw new ArgumentException($"{Path}: '{entry.Name}' is {entry.DType} with {entry.ElementCount} elements; destination is {destination.dtype} with {destination.numel()}.");
        if (entry.ByteCount == 0) return;
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        stream.Seek(DataStart + entry.Begin, SeekOrigin.Begin);
        destination.ReadBytesFromStream(stream, ReadBufferBytes);
    }

    /// <summary>Parses and validates the JSON header against the size of the data section.</summary>
    static class SafeTensorsHeader
    {
        public static (IReadOnlyDictionary<string, TensorEntry>, IReadOnlyDictionary<string, string>) Parse(string path, byte[] header, long dataLength)
        {
            JsonDocument document;
            try { document = JsonDocument.Parse(header); }
            catch (JsonException e) { throw new SafeTensorsFormatException($"{path}: the header is not valid JSON ({e.Message})."); }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new SafeTensorsFormatException($"{path}: the header must be a JSON object.");
                var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
                var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name == "__metadata__")
                    {
                        ParseMetadata(path, property.Value, metadata);
                        continue;
                    }
                    if (tensors.ContainsKey(property.Name))
                        throw new SafeTensorsFormatException($"{path}: tensor '{property.Name}' appears twice in the header.");
                    tensors[property.Name] = ParseEntry(path, property.Name, property.Value, dataLength);
                }
                CheckNoOverlap(path, tensors.Values);
                return (tensors, metadata);
            }
        }

        static void ParseMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
        {
            if (value.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsFormatException($"{path}: __metadata__ must be an object of strings.");
            foreach (var item in value.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.String)
                    throw new SafeTensorsFormatException($"{path}: __metadata__ value '{item.Name}' must be a string.");
                metadata[item.Name] = item.Value.GetString()!;
            }
        }

        static TensorEntry ParseEntry(string path, string name, JsonElement value, long dataLength)
        {
            string where = $"{path}: tensor '{name}'";
            if (value.ValueKind != JsonValueKind.Object
                || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
                || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
                || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
                throw new SafeTensorsFormatException($"{where} needs 'dtype' (string), 'shape' (array) and 'data_offsets' (array).");
            string dtypeName = dtypeElement.GetString()!;
            if (!SafeTensorsDType.TryParse(dtypeName, out var dtype))
                throw new SafeTensorsFormatException($"{where} has unknown dtype '{dtypeName}'; supported: {string.Join(", ", SafeTensorsDType.Names)}.");
            var shape = shapeElement.EnumerateArray().Select(d => d.TryGetInt64(out long v) && v >= 0
                ? v
                : throw new SafeTensorsFormatException($"{where} has an invalid shape dimension {d}.")).ToArray();
            var offsets = offsetsElement.EnumerateArray().Select(d => d.TryGetInt64(out long v) && v >= 0
                ? v
                : throw new SafeTensorsFormatException($"{where} has an invalid data offset {d}.")).ToArray();
            if (offsets.Length != 2 || offsets[0] > offsets[1])
                throw new SafeTensorsFormatException($"{where}: data_offsets must be [begin, end] with begin <= end.");
            if (offsets[1] > dataLength)
                throw new SafeTensorsFormatException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] run past the end of the data ({dataLength} bytes); the file is truncated.");
            var entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
            long expected;
            try { expected = checked(entry.ElementCount * SafeTensorsDType.SizeOf(dtype)); }
            catch (OverflowException) { throw new SafeTensorsFormatException($"{where}: shape [{string.Join(", ", shape)}] is too large."); }
            if (expected != entry.ByteCount)
                throw new SafeTensorsFormatException($"{where}: {entry.ByteCount} bytes stored but shape [{string.Join(", ", shape)}] × {dtypeName} needs {expected}.");
            return entry;
        }

        static void CheckNoOverlap(string path, IEnumerable<TensorEntry> entries)
        {
            TensorEntry? previous = null;
            foreach (var entry in entries.Where(e => e.ByteCount > 0).OrderBy(e => e.Begin))
            {
                if (previous != null && entry.Begin < previous.End)
                    throw new SafeTensorsFormatException($"{path}: tensors '{previous.Name}' and '{entry.Name}' overlap (bytes {entry.Begin}..{previous.End}).");
                previous = entry;
            }
        }
    }
}
