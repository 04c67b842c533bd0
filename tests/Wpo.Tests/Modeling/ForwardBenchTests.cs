using Wpo.Cli.Bench;
using Wpo.Modeling;

namespace Wpo.Tests.Modeling;

/// <summary><c>wpo bench forward</c>: the FLOP arithmetic, and a real (short) run.</summary>
public sealed class ForwardBenchTests
{
    [Fact]
    public void Achieved_gflops_count_2_flops_per_matmul_parameter_and_token_forward_and_6_with_backward()
    {
        var report = new ForwardBenchReport("m", "bf16", Parameters: 1_500_000, MatmulParameters: 1_000_000, Batch: 2, Tokens: 500, Steps: 1, Threads: 2, Allocator: "reuse",
            GradientCheckpointing: false, ForwardSeconds: 0.5, ForwardBackwardSeconds: 2.0, 0, 0, MatmulGflopsFp32: 100, MatmulGflopsBf16: 300);
        Assert.Equal(2000, report.ForwardTokensPerSecond);
        Assert.Equal(500, report.ForwardBackwardTokensPerSecond);
        Assert.Equal(4.0, report.ForwardGflops, 12);
        Assert.Equal(3.0, report.ForwardBackwardGflops, 12);
        Assert.Equal(300, report.MatmulGflops);
    }

    [Fact]
    public void A_short_run_on_the_tiny_config_reports_every_figure()
    {
        var report = ForwardBench.Run(null, "tiny", batch: 1, tokens: 16, dtypeName: "fp32", steps: 1, gradientCheckpointing: true);
        var config = ModelPresets.Get("tiny");
        Assert.Equal(CausalLM.ParameterCount(config), report.Parameters);
        Assert.Equal(report.Parameters - (long)config.VocabSize * config.HiddenSize, report.MatmulParameters);
        Assert.True(report.ForwardSeconds > 0 && report.ForwardBackwardSeconds > 0);
        Assert.True(report.ForwardPeakResidentBytes > 0 && report.ForwardBackwardPeakResidentBytes > 0);
        Assert.True(report.MatmulGflopsFp32 > 0 && report.MatmulGflopsBf16 > 0);
        Assert.True(report.GradientCheckpointing);
    }
}
