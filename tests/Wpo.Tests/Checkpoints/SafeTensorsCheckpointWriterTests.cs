using System.Text.Json;
using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

public sealed class SafeTensorsCheckpointWriterTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly List<(string Name, torch.Tensor Tensor)> model;

    /// <summary>Five float32 tensors of 400, 400, 200, 600 and 100 bytes, named in an order that is not sorted.</summary>
    public SafeTensorsCheckpointWriterTests()
    {
        string[] names = ["model.embed_tokens.weight", "model.layers.0.weight", "model.layers.0.bias", "model.layers.1.weight", "lm_head.weight"];
        long[] elements = [100, 100, 50, 150, 25];
        model = names.Select((name, i) => (name, TensorSamples.RandomBits(torch.ScalarType.Float32, [elements[i]], seed: i))).ToList();
    }

    public void Dispose()
    {
        foreach (var (_, tensor) in model) tensor.Dispose();
        folder.Dispose();
    }

    void AssertReadsBack(SafeTensorsCheckpoint checkpoint)
    {
        Assert.Equal(model.Select(m => m.Name), checkpoint.Names);
        foreach (var (name, tensor) in model)
        {
            using var read = checkpoint.Read(name);
            TensorSamples.AssertBitIdentical(tensor, read);
        }
    }

    [Fact]
    public void Everything_within_the_limit_is_one_model_safetensors_without_index()
    {
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 1700);

        Assert.Equal(["model.safetensors"], folder.FileNames());
        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);
        Assert.Single(checkpoint.Files);
        Assert.Equal("pt", checkpoint.Files[0].Metadata["format"]);
        AssertReadsBack(checkpoint);
    }

    [Fact]
    public void Over_the_limit_the_checkpoint_is_split_into_shards_with_an_index()
    {
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 800, new Dictionary<string, string> { ["step"] = "7" });

        string[] shards = ["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors"];
        Assert.Equal([.. shards, "model.safetensors.index.json"], folder.FileNames());
        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);
        Assert.Equal(["model.embed_tokens.weight", "model.layers.0.weight"], checkpoint.Files[0].Tensors.Keys);
        Assert.Equal(["model.layers.0.bias", "model.layers.1.weight"], checkpoint.Files[1].Tensors.Keys);
        Assert.Equal(["lm_head.weight"], checkpoint.Files[2].Tensors.Keys);
        Assert.All(checkpoint.Files, file => Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["step"] = "7" }, file.Metadata));
        AssertReadsBack(checkpoint);

        using var index = JsonDocument.Parse(File.ReadAllBytes(folder.File(SafeTensorsCheckpoint.IndexFileName)));
        Assert.Equal(1700, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var weightMap = index.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        Assert.Equal(model.Select(m => m.Name).Order(StringComparer.Ordinal), weightMap.Select(p => p.Name));
        Assert.Equal(shards[1], weightMap.Single(p => p.Name == "model.layers.1.weight").Item2);
    }

    [Fact]
    public void A_storage_dtype_converts_every_tensor_and_shards_by_the_converted_sizes()
    {
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 800, dtype: torch.ScalarType.BFloat16);

        // In bf16 the tensors take 200, 200, 100, 300 and 50 bytes: the first four fill one 800-byte shard exactly.
        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);
        Assert.Equal([4, 1], checkpoint.Files.Select(f => f.Tensors.Count));
        foreach (var (name, tensor) in model)
        {
            using var expected = tensor.to(torch.ScalarType.BFloat16);
            using var read = checkpoint.Read(name);
            TensorSamples.AssertBitIdentical(expected, read);
        }
    }

    [Fact]
    public void A_sharded_save_then_a_single_file_save_removes_the_stale_shards_and_index_only()
    {
        File.WriteAllText(folder.File("config.json"), "{}");
        File.WriteAllText(folder.File("model_notes.safetensors.txt"), "keep");
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 800);

        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 5000);

        Assert.Equal(["config.json", "model.safetensors", "model_notes.safetensors.txt"], folder.FileNames());
        AssertReadsBack(SafeTensorsCheckpoint.Open(folder.Path));
    }

    [Fact]
    public void A_single_file_save_then_a_sharded_save_removes_model_safetensors()
    {
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 5000);
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 1000);

        Assert.Equal(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"], folder.FileNames());
        AssertReadsBack(SafeTensorsCheckpoint.Open(folder.Path));
    }

    [Fact]
    public void A_failure_in_a_later_shard_leaves_the_previous_checkpoint_as_it_was()
    {
        SafeTensorsCheckpointWriter.Write(folder.Path, model, maxShardBytes: 1000);
        var before = folder.FileNames().ToDictionary(name => name, name => File.ReadAllBytes(folder.File(name)));
        using var noData = torch.empty([150], device: torch.META);
        var broken = model.Select(m => m.Name == "model.layers.1.weight" ? (m.Name, noData) : m).ToList();

        var error = Assert.Throws<WpoException>(() => SafeTensorsCheckpointWriter.Write(folder.Path, broken, maxShardBytes: 800));

        Assert.Contains("model-00002-of-00003.safetensors", error.Message);
        Assert.Contains("'model.layers.1.weight'", error.Message);
        Assert.Equal(before.Keys, folder.FileNames());
        foreach (var (name, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(folder.File(name)));
    }

    [Fact]
    public void Duplicate_names_across_shards_are_refused_before_anything_is_written()
    {
        var duplicated = model.Append(model[0]).ToList();
        var error = Assert.Throws<ArgumentException>(() => SafeTensorsCheckpointWriter.Write(folder.Path, duplicated, maxShardBytes: 800));
        Assert.Contains("'model.embed_tokens.weight'", error.Message);
        Assert.Empty(folder.FileNames());
    }
}
