using Wpo.Cli;

namespace Wpo.Tests.Cli;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.50 KiB")]
    [InlineData(314_572L, "307.20 KiB")]
    [InlineData(16_060_522_496L, "14.96 GiB")]
    public void Picks_the_unit_that_reads_well(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));
}
