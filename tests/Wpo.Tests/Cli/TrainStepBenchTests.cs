using Wpo.Cli.Bench;
using Wpo.Tests.Training;

namespace Wpo.Tests.Cli;

/// <summary><c>wpo bench train</c>: the FLOP arithmetic, short real runs on random and on recipe pairs, the peer's failures.</summary>
public sealed class TrainStepBenchTests
{
    [Fact]
    public void Mfu_counts_8_flops_per_matmul_parameter_and_token_with_a_frozen_reference_and_6_with_precomputed_ones()
    {
        TrainStepReport Report(bool frozen) => new(new TrainStepSettings { FrozenReference = frozen }, Pairs: 2, Threads: 2, Allocator: "reuse",
            Parameters: 3_000_000, MatmulParameters: 1_000_000, StepTokensPerSecond: [900, 1000, 5000], MatmulGflops: 80, PeakResidentBytes: 1,
            PaddingShare: 0, new PeerOutcome(new PeerStepResult("1.13", 250, 2, 1), null));
        var frozen = Report(frozen: true);
        Assert.Equal(1000, frozen.TokensPerSecond);
        Assert.Equal(8.0, frozen.ModelGflops, 12);
        Assert.Equal(0.1, frozen.Mfu, 12);
        Assert.Equal(4.0, frozen.Speedup);
        Assert.Equal(6.0, Report(frozen: false).ModelGflops, 12);
    }

    [Fact]
    public void A_short_run_on_random_pairs_times_every_step_after_the_warm_up()
    {
        var report = TrainStepBench.Run(new TrainStepSettings { DType = "fp32", Tokens = 16, Steps = 2, GradientCheckpointing = true });
        Assert.Equal(2, report.StepTokensPerSecond.Count);
        Assert.All(report.StepTokensPerSecond, rate => Assert.True(rate > 0));
        Assert.True(report.PeakResidentBytes > 0 && report.MatmulGflops > 0 && report.Mfu > 0);
        Assert.Equal(0, report.PaddingShare);
        Assert.Null(report.Peer);
    }

    [Fact]
    public void A_recipe_s_pairs_padded_and_packed_report_their_padding_share()
    {
        using var setup = new TinyTrainingSetup();
        string recipe = setup.Recipe("bench");
        TrainStepReport Run(bool packing) => TrainStepBench.Run(new TrainStepSettings { DType = "fp32", Steps = 1, Recipe = recipe, Packing = packing, FrozenReference = false });
        var padded = Run(packing: false);
        var packed = Run(packing: true);
        Assert.Equal(4, padded.Pairs);
        Assert.InRange(padded.PaddingShare, 0.01, 0.99);
        Assert.InRange(packed.PaddingShare, 0, 0.99);
        Assert.NotEqual(padded.PaddingShare, packed.PaddingShare);
    }

    [Fact]
    public void A_peer_that_fails_is_a_row_saying_why_and_the_peer_needs_random_pairs()
    {
        var (code, output, _) = CliRun.Wpo("bench", "train", "--dtype", "fp32", "--tokens", "8", "--steps", "1", "--peer", "/etc/hostname", "--python", "/bin/false");
        Assert.Equal(0, code);
        Assert.Contains("exit code 1", output);
        var missing = TrainStepBench.Run(new TrainStepSettings { DType = "fp32", Tokens = 8, Steps = 1, PeerScript = "/no/such/peer.py" });
        Assert.Contains("/no/such/peer.py: no such file", missing.Peer!.Failure);

        using var setup = new TinyTrainingSetup();
        var (refused, _, error) = CliRun.Wpo("bench", "train", "--data", setup.Recipe("bench"), "--peer", "/etc/hostname");
        Assert.NotEqual(0, refused);
        Assert.Contains("--peer runs only on random pairs", error);
    }
}
