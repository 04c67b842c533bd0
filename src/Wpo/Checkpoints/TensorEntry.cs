using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// One tensor of a SafeTensors file: dtype, shape, and its byte range relative to the start of the data
/// section (after the 8-byte length and the header). All offsets are 64-bit. Equal when all fields are,
/// the shape compared element by element.
/// </summary>
public sealed record TensorEntry(string Name, torch.ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => checked(product * dim));
    public long ByteCount => End - Begin;

    public bool Equals(TensorEntry? other) =>
        other is not null && Name == other.Name && DType == other.DType && Begin == other.Begin && End == other.End
        && Shape.AsSpan().SequenceEqual(other.Shape);

    public override int GetHashCode() => HashCode.Combine(Name, DType, Begin, End, Shape.Length);
}
