using Wpo.Training;

namespace Wpo.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Cosine_warms_up_linearly_then_decays_to_zero_as_transformers_does()
    {
        int warmup = LearningRateSchedule.WarmupSteps(0.1, 100);
        Assert.Equal(10, warmup);
        Assert.Equal(0, LearningRateSchedule.Factor("cosine", 0, 100, warmup));
        Assert.Equal(0.5, LearningRateSchedule.Factor("cosine", 5, 100, warmup), 12);
        Assert.Equal(1, LearningRateSchedule.Factor("cosine", 10, 100, warmup), 12);
        // transformers: 0.5 * (1 + cos(pi * (step - warmup) / (total - warmup)))
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 45 / 90)), LearningRateSchedule.Factor("cosine", 55, 100, warmup), 12);
        Assert.Equal(0, LearningRateSchedule.Factor("cosine", 100, 100, warmup), 12);
    }

    [Fact]
    public void Linear_and_constant_schedules()
    {
        Assert.Equal(0.5, LearningRateSchedule.Factor("linear", 55, 100, 10), 12);
        Assert.Equal(1, LearningRateSchedule.Factor("constant", 99, 100, 0));
        Assert.Equal(0.25, LearningRateSchedule.Factor("constant_with_warmup", 1, 100, 4), 12);
        Assert.Equal(1, LearningRateSchedule.Factor("constant_with_warmup", 50, 100, 4));
    }

    [Fact]
    public void Constant_ignores_the_warmup_as_transformers_get_scheduler_does() =>
        Assert.Equal(1, LearningRateSchedule.Factor("constant", 0, 100, 10));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void An_unknown_schedule_is_named_in_the_error_from_the_first_step(int warmupSteps) =>
        Assert.Contains("'polynomial'", Assert.Throws<WpoException>(() => LearningRateSchedule.Factor("polynomial", 0, 10, warmupSteps)).Message);
}
