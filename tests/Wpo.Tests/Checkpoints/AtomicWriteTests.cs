using TorchSharp;
using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

/// <summary>A failed save leaves the previous file as it was and no temporary file behind.</summary>
public sealed class AtomicWriteTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    string WritePrevious()
    {
        string path = folder.File("model.safetensors");
        using var previous = torch.full(4, 7.0f);
        SafeTensorsWriter.Write(path, [("previous", previous)]);
        return path;
    }

    static IEnumerable<(string, torch.Tensor)> ThrowingAfterOne(torch.Tensor first)
    {
        yield return ("first", first);
        throw new InvalidOperationException("the model went away");
    }

    [Fact]
    public void A_failing_enumeration_leaves_the_previous_file_intact()
    {
        string path = WritePrevious();
        byte[] before = File.ReadAllBytes(path);
        using var first = torch.ones(3);

        Assert.Throws<InvalidOperationException>(() => SafeTensorsWriter.Write(path, ThrowingAfterOne(first)));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], folder.FileNames());
    }

    [Fact]
    public void A_tensor_that_fails_mid_write_leaves_the_previous_file_intact_and_is_named()
    {
        string path = WritePrevious();
        byte[] before = File.ReadAllBytes(path);
        using var written = torch.ones(1000);
        using var noData = torch.empty([1000], device: torch.META);

        var error = Assert.Throws<WpoException>(() => SafeTensorsWriter.Write(path, [("written", written), ("no_data", noData)]));

        Assert.Contains(path, error.Message);
        Assert.Contains("'no_data'", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], folder.FileNames());
    }

    [Fact]
    public void A_successful_write_replaces_the_previous_file()
    {
        string path = WritePrevious();
        using var next = torch.full(2, 3.0f);

        SafeTensorsWriter.Write(path, [("next", next)]);

        var file = SafeTensorsFile.Open(path);
        Assert.Equal(["next"], file.Tensors.Keys);
        Assert.Equal(["model.safetensors"], folder.FileNames());
    }

    [Fact]
    public void A_file_system_failure_is_a_WpoException_naming_the_file()
    {
        File.WriteAllText(folder.File("not_a_folder"), "");
        string path = Path.Combine(folder.File("not_a_folder"), "model.safetensors");
        using var tensor = torch.ones(2);

        var error = Assert.Throws<WpoException>(() => SafeTensorsWriter.Write(path, [("w", tensor)]));

        Assert.Contains(path, error.Message);
        Assert.Contains("cannot create", error.Message);
    }
}
