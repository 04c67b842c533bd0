using Wpo.Modeling;

namespace Wpo.Tests.Modeling;

public class CpuBf16Tests
{
    [Theory]
    [InlineData("fpu sse avx2 fma", false)]                                  // AMD EPYC of 7 Dec 2026: scalar bf16 fallback
    [InlineData("avx2 avx512f avx512bw avx512vl", false)]                    // DQ missing
    [InlineData("avx2 avx512f avx512dq avx512bw avx512vl amx_bf16", true)]   // Sapphire Rapids
    [InlineData("fp asimd bf16 i8mm", true)]                                 // Arm with the bf16 extension
    public void The_fast_path_needs_avx512_bw_vl_dq_or_arm_bf16(string flags, bool fast) =>
        Assert.Equal(fast, CpuBf16.HasFastMatmul(flags.Split(' ').ToHashSet()));

    [Fact]
    public void Unknown_flags_make_no_claim_and_float32_runs_get_no_warning()
    {
        Assert.True(CpuBf16.HasFastMatmul(null));
        Assert.Null(CpuBf16.Warning(computesInBf16: false));
    }
}
