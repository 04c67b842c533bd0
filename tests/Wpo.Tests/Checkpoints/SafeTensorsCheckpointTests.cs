using Wpo.Checkpoints;
using static Wpo.Tests.Checkpoints.RawSafeTensors;

namespace Wpo.Tests.Checkpoints;

/// <summary>Opening a model directory: a single file, or shards behind an index, and every way an index can be wrong.</summary>
public sealed class SafeTensorsCheckpointTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public SafeTensorsCheckpointTests()
    {
        Write(folder.File("a.safetensors"), "{" + Entry("x", "U8", [2], 0, 2) + "," + Entry("y", "U8", [1], 2, 3) + "}", [1, 2, 3]);
        Write(folder.File("b.safetensors"), "{" + Entry("z", "U8", [1], 0, 1) + "}", [4]);
    }

    public void Dispose() => folder.Dispose();

    string WriteIndex(string weightMap)
    {
        string path = folder.File(SafeTensorsCheckpoint.IndexFileName);
        File.WriteAllText(path, "{\"metadata\": {\"total_size\": 4}, \"weight_map\": {" + weightMap + "}}");
        return path;
    }

    SafeTensorsFormatException OpenFails() => Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsCheckpoint.Open(folder.Path));

    [Fact]
    public void A_valid_index_gives_every_tensor_from_its_shard()
    {
        WriteIndex("\"z\": \"b.safetensors\", \"x\": \"a.safetensors\", \"y\": \"a.safetensors\"");

        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);

        Assert.Equal(["x", "y", "z"], checkpoint.Names);
        Assert.True(checkpoint.Contains("z"));
        Assert.False(checkpoint.Contains("w"));
        Assert.Equal([2L], checkpoint.Entry("x").Shape);
        using var x = checkpoint.Read("x");
        using var z = checkpoint.Read("z");
        Assert.Equal([(byte)1, (byte)2], x.data<byte>().ToArray());
        Assert.Equal([(byte)4], z.data<byte>().ToArray());
    }

    [Fact]
    public void Beside_an_index_model_safetensors_wins_as_in_transformers()
    {
        // transformers' from_pretrained looks for model.safetensors before the index; both must load the same weights.
        WriteIndex("\"z\": \"b.safetensors\", \"x\": \"a.safetensors\", \"y\": \"a.safetensors\"");
        Write(folder.File(SafeTensorsCheckpoint.SingleFileName), "{" + Entry("w", "U8", [1], 0, 1) + "}", [9]);

        var checkpoint = SafeTensorsCheckpoint.Open(folder.Path);

        Assert.Equal(["w"], checkpoint.Names);
    }

    [Fact]
    public void An_index_pointing_at_a_missing_shard_names_the_shard_and_a_tensor()
    {
        string index = WriteIndex("\"x\": \"a.safetensors\", \"y\": \"a.safetensors\", \"z\": \"c.safetensors\"");
        var error = OpenFails();
        Assert.Contains(index, error.Message);
        Assert.Contains("'z'", error.Message);
        Assert.Contains("'c.safetensors', which does not exist", error.Message);
    }

    [Fact]
    public void A_tensor_mapped_to_a_shard_that_lacks_it_is_refused()
    {
        string index = WriteIndex("\"x\": \"a.safetensors\", \"y\": \"b.safetensors\", \"z\": \"b.safetensors\"");
        var error = OpenFails();
        Assert.Contains(index, error.Message);
        Assert.Contains("'y' to 'b.safetensors', which does not contain it", error.Message);
    }

    [Fact]
    public void A_tensor_stored_in_two_shards_is_refused_naming_both()
    {
        Write(folder.File("b.safetensors"), "{" + Entry("y", "U8", [1], 0, 1) + "," + Entry("z", "U8", [1], 1, 2) + "}", [4, 5]);
        WriteIndex("\"x\": \"a.safetensors\", \"y\": \"a.safetensors\", \"z\": \"b.safetensors\"");
        var error = OpenFails();
        Assert.Contains("tensor 'y' is in both", error.Message);
        Assert.Contains("a.safetensors", error.Message);
        Assert.Contains("b.safetensors", error.Message);
    }

    [Fact]
    public void A_shard_tensor_missing_from_the_weight_map_is_refused()
    {
        WriteIndex("\"x\": \"a.safetensors\", \"z\": \"b.safetensors\"");
        var error = OpenFails();
        Assert.Contains("tensor 'y' of shard 'a.safetensors' is missing from weight_map", error.Message);
    }

    [Fact]
    public void A_tensor_listed_twice_in_the_weight_map_is_refused()
    {
        WriteIndex("\"x\": \"a.safetensors\", \"y\": \"a.safetensors\", \"x\": \"b.safetensors\", \"z\": \"b.safetensors\"");
        Assert.Contains("tensor 'x' appears twice in weight_map", OpenFails().Message);
    }

    [Theory]
    [InlineData("{\"weight_map\": ", "not valid JSON")]
    [InlineData("{\"metadata\": {}}", "no 'weight_map' object")]
    [InlineData("{\"weight_map\": {\"x\": 3}}", "weight_map['x'] must be the name of a file")]
    [InlineData("{\"weight_map\": {\"x\": \"../a.safetensors\"}}", "weight_map['x'] must be the name of a file")]
    public void A_malformed_index_is_refused_naming_it(string json, string expected)
    {
        string index = folder.File(SafeTensorsCheckpoint.IndexFileName);
        File.WriteAllText(index, json);
        var error = OpenFails();
        Assert.Contains(index, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_directory_without_weights_says_what_it_looked_for()
    {
        using var empty = new TemporaryFolder();
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsCheckpoint.Open(empty.Path));
        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("model.safetensors.index.json", error.Message);
    }

    [Fact]
    public void Reading_a_name_the_checkpoint_lacks_says_so()
    {
        WriteIndex("\"x\": \"a.safetensors\", \"y\": \"a.safetensors\", \"z\": \"b.safetensors\"");
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsCheckpoint.Open(folder.Path).Read("w"));
        Assert.Contains("no tensor named 'w'", error.Message);
    }
}
