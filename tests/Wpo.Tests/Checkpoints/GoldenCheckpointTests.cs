using System.Text.Json;
using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

/// <summary>
/// The golden model directories, written by Python (PyTorch, safetensors; llama sharded with an index): every
/// file reads, and writing their tensors back reproduces the reference writer's files byte for byte.
/// </summary>
[Trait("Category", "Golden")]
public sealed class GoldenCheckpointTests
{
    public static TheoryData<string> Models => SharedFolders.GoldenCases("models");

    static string ModelFolder(string model) => Path.Combine(SharedFolders.Golden("models"), model);

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_file_opens_and_every_tensor_reads_with_its_header_shape_and_dtype(string model)
    {
        var files = Directory.GetFiles(ModelFolder(model), "*.safetensors");
        Assert.NotEmpty(files);
        foreach (string path in files)
        {
            var file = SafeTensorsFile.Open(path);
            Assert.NotEmpty(file.Tensors);
            foreach (var entry in file.Tensors.Values)
            {
                using var tensor = file.Read(entry.Name);
                Assert.Equal(entry.DType, tensor.dtype);
                Assert.Equal(entry.Shape, tensor.shape);
                if (tensor.is_floating_point()) Assert.True(tensor.isfinite().all().item<bool>(), $"{path}: '{entry.Name}' has non-finite values");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_weights_open_as_one_checkpoint_matching_the_files(string model)
    {
        string folder = ModelFolder(model);
        var checkpoint = SafeTensorsCheckpoint.Open(folder);

        string index = Path.Combine(folder, SafeTensorsCheckpoint.IndexFileName);
        int expectedFiles = File.Exists(index) ? ShardFilesOf(index).Count : 1;
        Assert.Equal(expectedFiles, checkpoint.Files.Count);
        Assert.Equal(checkpoint.Files.Sum(f => f.Tensors.Count), checkpoint.Names.Count());
        Assert.Contains(checkpoint.Names, name => name.EndsWith("embed_tokens.weight", StringComparison.Ordinal));
        foreach (var file in checkpoint.Files)
            foreach (var entry in file.Tensors.Values)
                Assert.Same(entry, checkpoint.Entry(entry.Name));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Writing_the_tensors_back_reproduces_the_reference_files(string model)
    {
        string folder = ModelFolder(model);
        var checkpoint = SafeTensorsCheckpoint.Open(folder);
        var ordered = checkpoint.Files.SelectMany(f => f.Tensors.Values.OrderBy(e => e.Begin)).Select(e => e.Name).ToList();
        long largestShard = checkpoint.Files.Max(f => f.Tensors.Values.Sum(e => e.ByteCount));
        var tensors = ordered.Select(name => (name, checkpoint.Read(name))).ToList();
        using var output = new TemporaryFolder();
        try
        {
            SafeTensorsCheckpointWriter.Write(output.Path, tensors, largestShard, checkpoint.Files[0].Metadata.Where(m => m.Key != "format").ToDictionary());
        }
        finally
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }

        foreach (var file in checkpoint.Files)
            Assert.True(File.ReadAllBytes(file.Path).SequenceEqual(File.ReadAllBytes(Path.Combine(output.Path, Path.GetFileName(file.Path)))),
                $"{Path.GetFileName(file.Path)} differs from the reference");
        string index = Path.Combine(folder, SafeTensorsCheckpoint.IndexFileName);
        if (File.Exists(index))
            Assert.Equal(IndexContent(index), IndexContent(Path.Combine(output.Path, SafeTensorsCheckpoint.IndexFileName)));
        else
            Assert.False(File.Exists(Path.Combine(output.Path, SafeTensorsCheckpoint.IndexFileName)));
    }

    static HashSet<string> ShardFilesOf(string index)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(index));
        return document.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => p.Value.GetString()!).ToHashSet();
    }

    static (long TotalSize, string WeightMap) IndexContent(string index)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(index));
        long totalSize = document.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64();
        var map = document.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}");
        return (totalSize, string.Join("\n", map));
    }
}
