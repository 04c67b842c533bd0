using Wpo.Checkpoints;

namespace Wpo.Tests.Checkpoints;

/// <summary>The shard split on sizes alone, with model-sized numbers (tens of GB) to exercise 64-bit sums.</summary>
public sealed class ShardPlannerTests
{
    const long GB = 1_000_000_000;

    static int[][] Split(long[] sizes, long max) => ShardPlanner.Split(sizes, max).Select(s => s.ToArray()).ToArray();

    [Fact]
    public void Greedy_in_order_as_the_huggingface_hub_documentation_example()
    {
        // huggingface_hub's docstring: limit 10GB, [6, 6, 2, 6, 2, 2] GB -> [6], [6+2], [6+2+2].
        Assert.Equal([[0], [1, 2], [3, 4, 5]], Split([6 * GB, 6 * GB, 2 * GB, 6 * GB, 2 * GB, 2 * GB], 10 * GB));
    }

    [Fact]
    public void A_tensor_larger_than_the_limit_gets_its_own_shard_where_it_is_met()
    {
        Assert.Equal([[1], [0, 2], [3]], Split([2 * GB, 12 * GB, 3 * GB, 9 * GB], 10 * GB));
    }

    [Fact]
    public void A_shard_may_fill_exactly_to_the_limit()
    {
        Assert.Equal([[0, 1], [2]], Split([3 * GB, 2 * GB, 1], 5 * GB));
    }

    [Fact]
    public void Everything_that_fits_stays_in_one_shard()
    {
        long[] sizes = Enumerable.Repeat(3L * GB, 7).ToArray();
        Assert.Equal([[0, 1, 2, 3, 4, 5, 6]], Split(sizes, long.MaxValue));
        Assert.Equal([[]], Split([], 5 * GB));
    }

    [Fact]
    public void Sums_beyond_32_bits_are_exact()
    {
        // An 8B model in bf16: 16 GB of 0.5 GB tensors, 5 GB shards -> 10 tensors per shard, 4 shards.
        long[] sizes = Enumerable.Repeat(GB / 2, 32).ToArray();
        var shards = Split(sizes, 5 * GB);
        Assert.Equal([10, 10, 10, 2], shards.Select(s => s.Length));
        Assert.Equal(Enumerable.Range(0, 32), shards.SelectMany(s => s));
    }

    [Fact]
    public void File_names_follow_transformers()
    {
        Assert.Equal("model.safetensors", ShardPlanner.FileName(0, 1));
        Assert.Equal("model-00001-of-00003.safetensors", ShardPlanner.FileName(0, 3));
        Assert.Equal("model-00003-of-00003.safetensors", ShardPlanner.FileName(2, 3));
    }

    [Fact]
    public void A_non_positive_limit_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardPlanner.Split([1], 0));
    }

    [Theory]
    [InlineData("5GB", 5_000_000_000)]
    [InlineData("500MB", 500_000_000)]
    [InlineData("2GiB", 2_147_483_648)]
    [InlineData("10KB", 10_000)]
    [InlineData("10kB", 10_000)]
    [InlineData("10kb", 1_250)]
    [InlineData("5Gb", 625_000_000)]
    [InlineData("5gib", 5_368_709_120)]
    [InlineData("3 MiB", 3_145_728)]
    [InlineData("1.5GB", 1_500_000_000)]
    [InlineData("2TB", 2_000_000_000_000)]
    [InlineData("1000000", 1_000_000)]
    [InlineData(" 64B ", 64)]
    public void Sizes_parse_as_transformers_max_shard_size(string size, long expected)
    {
        Assert.Equal(expected, SafeTensorsCheckpointWriter.ParseSize(size));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("5XB")]
    [InlineData("-5GB")]
    [InlineData("0")]
    [InlineData("5 G B")]
    [InlineData("99999999999TB")]
    [InlineData("99999999999999999999999999TB")]
    public void Bad_sizes_are_refused_naming_the_value(string size)
    {
        var error = Assert.Throws<WpoException>(() => SafeTensorsCheckpointWriter.ParseSize(size));
        Assert.Contains($"'{size}'", error.Message);
    }
}
