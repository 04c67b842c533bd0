using Wpo.Checkpoints;
using static Wpo.Tests.Checkpoints.RawSafeTensors;

namespace Wpo.Tests.Checkpoints;

/// <summary>Every kind of bad file gets a <see cref="SafeTensorsFormatException"/> naming the file and, where there is one, the tensor.</summary>
public sealed class SafeTensorsValidationTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    SafeTensorsFormatException OpenFails(string path) => Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path));

    void AssertRejected(string headerJson, int dataLength, params string[] expectedInMessage)
    {
        string path = folder.File("bad.safetensors");
        Write(path, headerJson, dataLength);
        var error = OpenFails(path);
        Assert.Contains(path, error.Message);
        foreach (string expected in expectedInMessage) Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_length_prefix_is_truncated()
    {
        string path = folder.File("short.safetensors");
        File.WriteAllBytes(path, [1, 0, 0]);
        var error = OpenFails(path);
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_refused()
    {
        string path = folder.File("long.safetensors");
        File.WriteAllBytes(path, [.. LengthPrefix(1000), .. "{}"u8.ToArray()]);
        var error = OpenFails(path);
        Assert.Contains(path, error.Message);
        Assert.Contains("header length 1000 runs past the end", error.Message);
    }

    [Fact]
    public void Invalid_json_is_refused() => AssertRejected("{\"w\": {\"dtype\": ", 0, "not valid JSON");

    [Fact]
    public void A_header_that_is_not_an_object_is_refused() => AssertRejected("[1, 2]", 0, "must be a JSON object");

    [Fact]
    public void An_unknown_dtype_is_refused() =>
        AssertRejected("{" + Entry("w", "F8_E4M3", [4], 0, 4) + "}", 4, "tensor 'w'", "unknown dtype 'F8_E4M3'");

    [Fact]
    public void Offsets_past_the_end_of_the_data_mean_a_truncated_file() =>
        AssertRejected("{" + Entry("w", "F32", [4], 0, 16) + "}", 12, "tensor 'w'", "run past the end of the data (12 bytes)");

    [Fact]
    public void Reversed_offsets_are_refused() =>
        AssertRejected("{" + Entry("w", "U8", [0], 4, 0) + "}", 4, "tensor 'w'", "begin <= end");

    [Fact]
    public void Negative_offsets_are_refused() =>
        AssertRejected("{" + Entry("w", "U8", [4], -4, 0) + "}", 4, "tensor 'w'", "invalid data offset");

    [Fact]
    public void Negative_dimensions_are_refused() =>
        AssertRejected("{" + Entry("w", "U8", [-4], 0, 4) + "}", 4, "tensor 'w'", "invalid shape dimension");

    [Fact]
    public void Missing_fields_are_refused() =>
        AssertRejected("{\"w\": {\"dtype\": \"F32\", \"shape\": [1]}}", 4, "tensor 'w'", "data_offsets");

    [Fact]
    public void Overlapping_tensors_are_refused_naming_both() =>
        AssertRejected("{" + Entry("a", "F32", [2], 0, 8) + "," + Entry("b", "F32", [2], 4, 12) + "}", 12, "'a'", "'b'", "overlap");

    [Fact]
    public void Bytes_before_a_tensor_that_belong_to_no_tensor_are_refused() =>
        AssertRejected("{" + Entry("a", "F32", [1], 0, 4) + "," + Entry("b", "F32", [1], 8, 12) + "}", 12, "before tensor 'b'", "[4, 8)");

    [Fact]
    public void Bytes_after_the_last_tensor_are_refused() =>
        AssertRejected("{" + Entry("a", "F32", [1], 0, 4) + "}", 9, "after tensor 'a'", "[4, 9)");

    [Fact]
    public void A_byte_count_that_does_not_match_shape_times_dtype_is_refused() =>
        AssertRejected("{" + Entry("w", "BF16", [2, 3], 0, 8) + "}", 8, "tensor 'w'", "8 bytes stored", "needs 12");

    [Fact]
    public void A_shape_whose_size_overflows_is_refused() =>
        AssertRejected("{" + Entry("w", "F64", [1L << 40, 1L << 40], 0, 8) + "}", 8, "tensor 'w'", "too large");

    [Fact]
    public void Duplicate_tensor_names_are_refused() =>
        AssertRejected("{" + Entry("w", "U8", [1], 0, 1) + "," + Entry("w", "U8", [1], 1, 2) + "}", 2, "tensor 'w' appears twice");

    [Fact]
    public void Metadata_values_must_be_strings() =>
        AssertRejected("{\"__metadata__\": {\"step\": 3}}", 0, "__metadata__ value 'step'");

    [Fact]
    public void A_file_truncated_after_opening_fails_on_read_naming_the_tensor()
    {
        string path = folder.File("shrinking.safetensors");
        Write(path, "{" + Entry("w", "F32", [4], 0, 16) + "}", 16);
        var file = SafeTensorsFile.Open(path);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 4);

        var error = Assert.Throws<SafeTensorsFormatException>(() => file.Read("w"));

        Assert.Contains(path, error.Message);
        Assert.Contains("tensor 'w'", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Reading_an_unknown_name_says_so()
    {
        string path = folder.File("one.safetensors");
        Write(path, "{" + Entry("w", "U8", [1], 0, 1) + "}", 1);
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path).Read("v"));
        Assert.Contains("no tensor named 'v'", error.Message);
    }

    [Fact]
    public void A_header_written_by_hand_with_padding_and_no_metadata_is_read()
    {
        string path = folder.File("hand.safetensors");
        Write(path, "{" + Entry("w", "I16", [2], 0, 4) + "}   ", [1, 0, 255, 255]);
        var file = SafeTensorsFile.Open(path);
        Assert.Empty(file.Metadata);
        using var w = file.Read("w");
        Assert.Equal([(short)1, (short)-1], w.data<short>().ToArray());
    }
}
