using TorchSharp;

namespace Wpo.Checkpoints;

/// <summary>
/// One tensor of a SafeTensors file: dtype, shape, and its byte range relative to the start of the data
/// section (after the 8-byte length and the header). All offsets are 64-bit.
/// </summary>
public sealed record TensorEntry(string Name, torch.ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => checked(product * dim));
    public long ByteCount => End - Begin;
}
