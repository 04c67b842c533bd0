using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>What the header says about a tensor to be written: name, dtype, shape and its byte count.</summary>
sealed record TensorSpec(string Name, torch.ScalarType DType, long[] Shape)
{
    public long ByteCount { get; } = checked(Shape.Aggregate(1L, (product, dim) => checked(product * dim)) * SafeTensorsDType.SizeOf(DType));

    /// <summary>
    /// Describes tensors to be saved together, each in <paramref name="dtype"/> or else its own, rejecting what a
    /// SafeTensors header cannot hold.
    /// </summary>
    public static IReadOnlyList<TensorSpec> Describe(IEnumerable<(string Name, torch.Tensor Tensor)> tensors, torch.ScalarType? dtype = null)
    {
        var specs = new List<TensorSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (name == SafeTensorsHeader.MetadataKey)
                throw new ArgumentException($"'{SafeTensorsHeader.MetadataKey}' is reserved for the metadata and cannot name a tensor.");
            if (!seen.Add(name))
                throw new ArgumentException($"tensor '{name}' is given twice; SafeTensors names are unique.");
            var stored = dtype ?? tensor.dtype;
            if (!SafeTensorsDType.IsSupported(stored))
                throw new ArgumentException($"tensor '{name}' would be stored as {stored}, which SafeTensors checkpoints here do not store; supported: {string.Join(", ", SafeTensorsDType.Names)}.");
            specs.Add(new TensorSpec(name, stored, tensor.shape));
        }
        return specs;
    }
}
