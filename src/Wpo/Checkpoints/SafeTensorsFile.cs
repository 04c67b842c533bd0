using System.Buffers.Binary;
using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// A read-only view of one .safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>), then the raw bytes.
/// The header is validated when the file is opened; tensors are read on demand, straight into tensor memory.
/// </summary>
public sealed class SafeTensorsFile
{
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
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            long fileLength = stream.Length;
            if (fileLength < 8)
                throw new SafeTensorsFormatException($"{path}: truncated file ({fileLength} bytes); a SafeTensors file starts with an 8-byte header length.");
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > (ulong)(fileLength - 8))
                throw new SafeTensorsFormatException($"{path}: header length {headerLength} runs past the end of the file ({fileLength} bytes); the file is truncated or not SafeTensors.");
            if (headerLength > SafeTensorsHeader.MaxBytes)
                throw new SafeTensorsFormatException($"{path}: header length {headerLength} exceeds the {SafeTensorsHeader.MaxBytes}-byte limit.");
            var header = new byte[headerLength];
            stream.ReadExactly(header);
            long dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafeTensorsHeader.Parse(path, header, fileLength - dataStart);
            return new SafeTensorsFile(path, tensors, metadata, dataStart);
        }
        catch (IOException e)
        {
            throw new WpoException($"{path}: cannot read the file ({e.Message}).", e);
        }
    }

    public TensorEntry Entry(string name) =>
        Tensors.TryGetValue(name, out var entry)
            ? entry
            : throw new SafeTensorsFormatException($"{Path}: no tensor named '{name}'.");

    /// <summary>Reads a tensor into CPU memory with its stored dtype.</summary>
    public torch.Tensor Read(string name)
    {
        var entry = Entry(name);
        var tensor = torch.empty(entry.Shape, entry.DType, torch.CPU);
        ReadInto(entry, tensor);
        return tensor;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (same dtype and element count) with the tensor's bytes. A CPU,
    /// contiguous destination is filled in place; any other (another device, a strided view) through a CPU copy.
    /// </summary>
    public void ReadInto(TensorEntry entry, torch.Tensor destination)
    {
        if (!Tensors.TryGetValue(entry.Name, out var own) || own != entry)
            throw new ArgumentException($"{Path}: the entry for '{entry.Name}' does not come from this file.");
        if (destination.dtype != entry.DType || destination.numel() != entry.ElementCount)
            throw new ArgumentException($"{Path}: '{entry.Name}' is {entry.DType} with {entry.ElementCount} elements; destination is {destination.dtype} with {destination.numel()}.");
        if (destination.device_type == DeviceType.CPU && destination.is_contiguous())
        {
            ReadBytes(entry, destination);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var staging = torch.empty(destination.shape, entry.DType, torch.CPU);
        ReadBytes(entry, staging);
        using (torch.no_grad()) destination.copy_(staging);
    }

    void ReadBytes(TensorEntry entry, torch.Tensor destination)
    {
        if (entry.ByteCount == 0) return;
        try
        {
            using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            TensorBytes.Read(file, DataStart + entry.Begin, destination);
        }
        catch (EndOfStreamException e)
        {
            throw new SafeTensorsFormatException($"{Path}: tensor '{entry.Name}': {e.Message} The file was truncated after it was opened.");
        }
        catch (IOException e)
        {
            throw new WpoException($"{Path}: reading tensor '{entry.Name}' failed ({e.Message}).", e);
        }
    }
}
