using Wpo.Data;

namespace Wpo.Tests.Data;

public class SplitStatisticsTests
{
    [Fact]
    public void NearestRankPercentiles()
    {
        var stats = LengthPercentiles.Of(Enumerable.Range(1, 100).Reverse());
        Assert.Equal(new LengthPercentiles(1, 50, 90, 95, 99, 100, 50.5), stats);
        Assert.Equal(new LengthPercentiles(7, 7, 7, 7, 7, 7, 7), LengthPercentiles.Of([7]));
    }
}
