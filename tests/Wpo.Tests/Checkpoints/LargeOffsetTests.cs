using System.Text;
using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

/// <summary>
/// Tensors over 2 GiB and files over 4 GiB, without writing gigabytes: a sparse file (its hole costs no disk),
/// header arithmetic on sizes alone, and chunked copies with chunks small enough to cross many boundaries.
/// </summary>
public sealed class LargeOffsetTests : IDisposable
{
    const long FourGiB = 1L << 32;
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_tensor_stored_past_4_GiB_in_a_sparse_file_reads_back_exactly()
    {
        string path = folder.File("sparse.safetensors");
        float[] tail = [1.5f, -2.25f, float.Epsilon, float.MaxValue];
        string header = "{" + RawSafeTensors.Entry("filler", "U8", [FourGiB], 0, FourGiB) + ","
                            + RawSafeTensors.Entry("tail", "F32", [4], FourGiB, FourGiB + 16) + "}";
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.Write(RawSafeTensors.LengthPrefix(headerBytes.Length));
            stream.Write(headerBytes);
            stream.Seek(FourGiB, SeekOrigin.Current);
            foreach (float value in tail) stream.Write(BitConverter.GetBytes(value));
        }

        var file = SafeTensorsFile.Open(path);
        using var read = file.Read("tail");

        Assert.Equal(8 + headerBytes.Length + FourGiB + 16, new FileInfo(path).Length);
        Assert.Equal(FourGiB, file.Entry("filler").ByteCount);
        Assert.Equal(FourGiB, file.Entry("filler").ElementCount);
        Assert.Equal(tail, read.data<float>().ToArray());
    }

    [Fact]
    public void The_written_header_of_tensors_over_2_GiB_has_exact_64_bit_offsets_and_parses_back()
    {
        TensorSpec[] specs =
        [
            new("bf16_6gib", torch.ScalarType.BFloat16, [3, 1L << 30]),
            new("f32_4gib", torch.ScalarType.Float32, [1L << 30]),
            new("u8_tail", torch.ScalarType.Byte, [5]),
        ];

        var layout = SafeTensorsLayout.Plan(specs, new Dictionary<string, string> { ["format"] = "pt" });
        var (tensors, metadata) = SafeTensorsHeader.Parse("planned", layout.Header[8..], layout.DataLength);

        Assert.Equal(10 * (1L << 30) + 5, layout.DataLength);
        Assert.Equal(layout.Header.Length + layout.DataLength, layout.FileLength);
        Assert.Equal((0L, FourGiB), (tensors["f32_4gib"].Begin, tensors["f32_4gib"].End));
        Assert.Equal((FourGiB, 10 * (1L << 30)), (tensors["bf16_6gib"].Begin, tensors["bf16_6gib"].End));
        Assert.Equal((10 * (1L << 30), 10 * (1L << 30) + 5), (tensors["u8_tail"].Begin, tensors["u8_tail"].End));
        Assert.Equal([3L, 1L << 30], tensors["bf16_6gib"].Shape);
        Assert.Equal("pt", metadata["format"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(1000)]
    public void Chunked_writes_produce_the_tensor_bytes_in_order(long chunkBytes)
    {
        using var tensor = TensorSamples.RandomBits(torch.ScalarType.Float64, [37], seed: 4);
        using var stream = new MemoryStream();

        TensorBytes.Write(stream, tensor, chunkBytes);

        Assert.Equal(tensor.bytes.ToArray(), stream.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(1 << 20)]
    public void Chunked_reads_fill_the_tensor_from_the_given_file_offset(long chunkBytes)
    {
        string path = folder.File("raw.bin");
        var random = new Random(5);
        byte[] content = new byte[3 + 4 * 101];
        random.NextBytes(content);
        File.WriteAllBytes(path, content);
        using var tensor = torch.empty(101, dtype: torch.ScalarType.Int32);

        using (var handle = File.OpenHandle(path))
            TensorBytes.Read(handle, 3, tensor, chunkBytes);

        Assert.Equal(content[3..], tensor.bytes.ToArray());
    }

    [Fact]
    public void A_read_that_runs_past_the_end_of_the_file_throws()
    {
        string path = folder.File("short.bin");
        File.WriteAllBytes(path, new byte[10]);
        using var tensor = torch.empty(4, dtype: torch.ScalarType.Int32);
        using var handle = File.OpenHandle(path);

        Assert.Throws<EndOfStreamException>(() => TensorBytes.Read(handle, 0, tensor, 4));
    }
}
