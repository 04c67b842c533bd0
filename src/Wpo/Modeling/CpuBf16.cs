namespace Wpo.Modeling;

/// <summary>
/// Whether this CPU runs libtorch's bf16 matmuls on oneDNN. PyTorch's <c>mkldnn_bf16_device_check</c> asks for
/// AVX-512 BW, VL and DQ on x86 (or the bf16 extension on Arm); without them a bf16 matmul falls back to a scalar
/// loop (<c>cpublas::gemm_transa_</c>), measured at 0.8 GFLOP/s against 140 GFLOP/s in float32 on an AVX2-only
/// AMD EPYC: a bf16 run there is about 40× slower than a float32 one.
/// </summary>
public static class CpuBf16
{
    static readonly Lazy<bool> fast = new(() => HasFastMatmul(CpuFlags()));

    /// <summary>True where oneDNN serves bf16 matmuls, or where the CPU's flags cannot be read (no claim is made).</summary>
    public static bool FastMatmul => fast.Value;

    /// <summary>A one-line warning for runs that compute in bf16 on a CPU without the fast path, else null.</summary>
    public static string? Warning(bool computesInBf16) => computesInBf16 && !FastMatmul
        ? "this CPU lacks AVX-512 BW/VL/DQ, so libtorch's bf16 matmuls run a scalar fallback here, tens of times slower than float32; on this machine train with bf16: false (torch_dtype: float32)"
        : null;

    /// <summary>The rule on a set of <c>/proc/cpuinfo</c> flags (x86 <c>flags</c> or Arm <c>Features</c>); null flags mean unknown.</summary>
    public static bool HasFastMatmul(IReadOnlySet<string>? flags) =>
        flags is null || flags.Contains("bf16") || (flags.Contains("avx512bw") && flags.Contains("avx512vl") && flags.Contains("avx512dq"));

    static HashSet<string>? CpuFlags()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return null;
        string? line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal) || l.StartsWith("Features", StringComparison.Ordinal));
        return line is null ? null : [.. line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
