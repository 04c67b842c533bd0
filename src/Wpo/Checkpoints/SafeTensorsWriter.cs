using System.Runtime.InteropServices;
using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>Writes one .safetensors file, atomically: a temporary file in the same folder, renamed when complete.</summary>
public static class SafeTensorsWriter
{
    /// <summary>Hugging Face <c>transformers</c> refuses to load a file whose metadata lacks <c>"format": "pt"</c>.</summary>
    internal static readonly KeyValuePair<string, string> FormatMetadata = new("format", "pt");

    /// <summary>
    /// Writes <paramref name="tensors"/> (any supported dtype, any device, any strides) and
    /// <paramref name="metadata"/> plus <c>"format": "pt"</c> to <paramref name="path"/>, replacing it atomically.
    /// The sequence is enumerated once, up front, to build the header; it holds references, not copies. Bytes
    /// are then written one tensor at a time: only one tensor's CPU or contiguous copy exists at once, and
    /// none for a CPU, contiguous tensor.
    /// </summary>
    public static void Write(string path, IEnumerable<(string Name, torch.Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sources = tensors.ToList();
        var layout = SafeTensorsLayout.Plan(TensorSpec.Describe(sources), WithFormat(metadata));
        using var file = AtomicFile.Create(path, layout.FileLength);
        WriteContent(file, layout, sources);
        file.Commit();
    }

    internal static IReadOnlyDictionary<string, string> WithFormat(IReadOnlyDictionary<string, string>? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal) { [FormatMetadata.Key] = FormatMetadata.Value };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (key == FormatMetadata.Key && value != FormatMetadata.Value)
                throw new ArgumentException($"metadata 'format' must be '{FormatMetadata.Value}' (transformers requires it), not '{value}'.");
            result[key] = value;
        }
        return result;
    }

    /// <summary>Writes the header and every tensor of <paramref name="layout"/> into <paramref name="file"/>, then finishes it.</summary>
    internal static void WriteContent(AtomicFile file, SafeTensorsLayout layout, IEnumerable<(string Name, torch.Tensor Tensor)> sources)
    {
        var tensorOf = sources.ToDictionary(s => s.Name, s => s.Tensor, StringComparer.Ordinal);
        try
        {
            file.Stream.Write(layout.Header);
        }
        catch (IOException e)
        {
            throw new WpoException($"{file.Path}: writing the header failed ({e.Message}).", e);
        }
        foreach (var entry in layout.Entries)
            WriteTensor(file, entry, tensorOf[entry.Name]);
        file.Finish(layout.FileLength);
    }

    static void WriteTensor(AtomicFile file, TensorEntry entry, torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        try
        {
            var bytes = tensor.detach().to(entry.DType, torch.CPU).contiguous();
            if (!bytes.shape.SequenceEqual(entry.Shape))
                throw new InvalidOperationException($"{file.Path}: tensor '{entry.Name}' changed shape from [{string.Join(", ", entry.Shape)}] to [{string.Join(", ", bytes.shape)}] while being saved.");
            TensorBytes.Write(file.Stream, bytes);
        }
        catch (Exception e) when (e is IOException or ExternalException)
        {
            throw new WpoException($"{file.Path}: writing tensor '{entry.Name}' failed ({e.Message}).", e);
        }
    }
}
