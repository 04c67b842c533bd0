using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

/// <summary>Tensors with arbitrary bit patterns (NaN payloads, subnormals, negative zero), compared bit for bit.</summary>
public static class TensorSamples
{
    public static TheoryData<torch.ScalarType> SupportedDTypes => new(SafeTensorsDType.Types);

    /// <summary>A CPU tensor whose bytes are random; booleans get 0 or 1, the only valid bool bytes.</summary>
    public static torch.Tensor RandomBits(torch.ScalarType dtype, long[] shape, int seed)
    {
        var tensor = torch.empty(shape, dtype);
        var bytes = tensor.bytes;
        new Random(seed).NextBytes(bytes);
        if (dtype == torch.ScalarType.Bool)
            for (int i = 0; i < bytes.Length; i++) bytes[i] &= 1;
        return tensor;
    }

    public static void AssertBitIdentical(torch.Tensor expected, torch.Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        using var expectedBytes = expected.cpu().contiguous();
        using var actualBytes = actual.cpu().contiguous();
        Assert.True(expectedBytes.bytes.SequenceEqual(actualBytes.bytes), "the bytes differ");
    }
}
