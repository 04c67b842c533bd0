using System.Buffers.Binary;
using System.Text;
using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

public sealed class SafeTensorsWriterTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [MemberData(nameof(TensorSamples.SupportedDTypes), MemberType = typeof(TensorSamples))]
    public void Every_dtype_round_trips_bit_for_bit(torch.ScalarType dtype)
    {
        using var scalar = TensorSamples.RandomBits(dtype, [], seed: 1);
        using var matrix = TensorSamples.RandomBits(dtype, [7, 13], seed: 2);
        using var empty = TensorSamples.RandomBits(dtype, [0, 5], seed: 3);
        string path = folder.File("dtypes.safetensors");

        SafeTensorsWriter.Write(path, [("scalar", scalar), ("matrix", matrix), ("empty", empty)]);

        var file = SafeTensorsFile.Open(path);
        Assert.Equal(SafeTensorsDType.NameOf(dtype), SafeTensorsDType.NameOf(file.Entry("matrix").DType));
        foreach (var (name, expected) in new[] { ("scalar", scalar), ("matrix", matrix), ("empty", empty) })
        {
            using var actual = file.Read(name);
            TensorSamples.AssertBitIdentical(expected, actual);
        }
    }

    [Fact]
    public void Metadata_round_trips_with_the_format_transformers_requires()
    {
        string path = folder.File("meta.safetensors");
        using var tensor = torch.ones(3);

        SafeTensorsWriter.Write(path, [("w", tensor)], new Dictionary<string, string> { ["step"] = "120", ["note"] = "héllo \"quoted\"" });

        var metadata = SafeTensorsFile.Open(path).Metadata;
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["step"] = "120", ["note"] = "héllo \"quoted\"" }, metadata);
    }

    [Fact]
    public void A_format_other_than_pt_is_refused()
    {
        using var tensor = torch.ones(3);
        var error = Assert.Throws<ArgumentException>(() =>
            SafeTensorsWriter.Write(folder.File("x.safetensors"), [("w", tensor)], new Dictionary<string, string> { ["format"] = "np" }));
        Assert.Contains("'np'", error.Message);
        Assert.Empty(folder.FileNames());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Header_is_padded_with_spaces_to_a_multiple_of_8(int nameLength)
    {
        string path = folder.File("padded.safetensors");
        using var tensor = torch.arange(5, dtype: torch.ScalarType.Int32);

        SafeTensorsWriter.Write(path, [(new string('n', nameLength), tensor)]);

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        string json = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.EndsWith("}", json.TrimEnd(' '));
        Assert.Equal(8 + headerLength + 20, bytes.Length);
        Assert.Equal(8 + headerLength, SafeTensorsFile.Open(path).DataStart);
    }

    [Fact]
    public void Non_contiguous_tensors_are_written_as_their_values()
    {
        string path = folder.File("strided.safetensors");
        using var matrix = torch.arange(12, dtype: torch.ScalarType.Float32).reshape(3, 4);
        using var transposed = matrix.t();
        using var everyOther = matrix.slice(1, 0, 4, 2);

        SafeTensorsWriter.Write(path, [("transposed", transposed), ("every_other", everyOther)]);

        var file = SafeTensorsFile.Open(path);
        using var readTransposed = file.Read("transposed");
        using var readEveryOther = file.Read("every_other");
        TensorSamples.AssertBitIdentical(transposed, readTransposed);
        TensorSamples.AssertBitIdentical(everyOther, readEveryOther);
        Assert.Equal([0f, 4f, 8f, 1f], readTransposed.data<float>().Take(4).ToArray());
    }

    [Fact]
    public void Mixed_dtypes_are_laid_out_largest_element_first_so_every_tensor_is_aligned()
    {
        string path = folder.File("mixed.safetensors");
        var tensors = new (string, torch.Tensor)[]
        {
            ("mask", TensorSamples.RandomBits(torch.ScalarType.Bool, [3], 1)),
            ("half", TensorSamples.RandomBits(torch.ScalarType.Float16, [3], 2)),
            ("ids", TensorSamples.RandomBits(torch.ScalarType.Int64, [3], 3)),
            ("bytes", TensorSamples.RandomBits(torch.ScalarType.Byte, [5], 4)),
            ("float", TensorSamples.RandomBits(torch.ScalarType.Float32, [3], 5)),
        };

        SafeTensorsWriter.Write(path, tensors);

        var file = SafeTensorsFile.Open(path);
        Assert.Equal(["ids", "float", "half", "mask", "bytes"], file.Tensors.Values.OrderBy(e => e.Begin).Select(e => e.Name));
        foreach (var entry in file.Tensors.Values)
            Assert.Equal(0, (file.DataStart + entry.Begin) % SafeTensorsDType.SizeOf(entry.DType));
        foreach (var (name, tensor) in tensors)
        {
            using var read = file.Read(name);
            TensorSamples.AssertBitIdentical(tensor, read);
            tensor.Dispose();
        }
    }

    [Fact]
    public void Unsupported_dtypes_and_duplicate_or_reserved_names_are_refused_naming_the_tensor()
    {
        using var complex = torch.zeros(2, dtype: torch.ScalarType.ComplexFloat32);
        using var plain = torch.zeros(2);
        string path = folder.File("bad.safetensors");

        Assert.Contains("'z'", Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("z", complex)])).Message);
        Assert.Contains("'w'", Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("w", plain), ("w", plain)])).Message);
        Assert.Contains("__metadata__", Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("__metadata__", plain)])).Message);
        Assert.Empty(folder.FileNames());
    }
}
