using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

/// <summary>Filling existing tensors (model parameters) from a file, as a model loader does.</summary>
public sealed class ReadIntoTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly torch.Tensor weight = TensorSamples.RandomBits(torch.ScalarType.BFloat16, [4, 6], seed: 9);
    readonly string path;

    public ReadIntoTests()
    {
        path = folder.File("w.safetensors");
        SafeTensorsWriter.Write(path, [("weight", weight)]);
    }

    public void Dispose()
    {
        weight.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void A_parameter_that_requires_grad_is_filled_in_place()
    {
        using var parameter = new TorchSharp.Modules.Parameter(torch.zeros([4, 6], torch.ScalarType.BFloat16));
        var file = SafeTensorsFile.Open(path);

        file.ReadInto(file.Entry("weight"), parameter);

        TensorSamples.AssertBitIdentical(weight, parameter);
        Assert.True(parameter.requires_grad);
    }

    [Fact]
    public void A_strided_destination_is_filled_through_a_copy()
    {
        using var storage = torch.zeros([6, 4], torch.ScalarType.BFloat16);
        using var transposed = storage.t();
        var file = SafeTensorsFile.Open(path);

        file.ReadInto(file.Entry("weight"), transposed);

        TensorSamples.AssertBitIdentical(weight, transposed);
    }

    [Fact]
    public void An_entry_of_the_same_file_opened_twice_is_accepted_and_one_of_another_file_refused()
    {
        string other = folder.File("other.safetensors");
        using var bias = torch.zeros(2);
        using var different = torch.zeros([4, 6], torch.ScalarType.BFloat16);
        SafeTensorsWriter.Write(other, [("bias", bias), ("weight", different)]);
        using var destination = torch.empty([4, 6], torch.ScalarType.BFloat16);

        SafeTensorsFile.Open(path).ReadInto(SafeTensorsFile.Open(path).Entry("weight"), destination);
        TensorSamples.AssertBitIdentical(weight, destination);

        var error = Assert.Throws<ArgumentException>(() => SafeTensorsFile.Open(path).ReadInto(SafeTensorsFile.Open(other).Entry("weight"), destination));
        Assert.Contains("does not come from this file", error.Message);
    }

    [Fact]
    public void A_destination_of_another_dtype_or_size_is_refused()
    {
        var file = SafeTensorsFile.Open(path);
        using var wrongType = torch.empty([4, 6], torch.ScalarType.Float32);
        using var wrongSize = torch.empty([4, 5], torch.ScalarType.BFloat16);

        Assert.Contains("'weight'", Assert.Throws<ArgumentException>(() => file.ReadInto(file.Entry("weight"), wrongType)).Message);
        Assert.Contains("'weight'", Assert.Throws<ArgumentException>(() => file.ReadInto(file.Entry("weight"), wrongSize)).Message);
    }
}
