using Spectre.Console;
using static Wpo.Cli.Bench.BenchFormat;

namespace Wpo.Cli.Bench;

/// <summary>
/// The results of <c>wpo bench forward</c>. Achieved GFLOP/s counts 2 FLOPs per matmul parameter per token
/// forward and 6 forward+backward (attention scores and norms excluded), next to the machine's plain matmul rate.
/// </summary>
public sealed record ForwardBenchReport(
    string Model,
    string DType,
    long Parameters,
    long MatmulParameters,
    int Batch,
    int Tokens,
    int Steps,
    int Threads,
    string Allocator,
    bool GradientCheckpointing,
    double ForwardSeconds,
    double ForwardBackwardSeconds,
    long ForwardPeakResidentBytes,
    long ForwardBackwardPeakResidentBytes,
    double MatmulGflopsFp32,
    double MatmulGflopsBf16)
{
    public double ForwardTokensPerSecond => Batch * Tokens / ForwardSeconds;
    public double ForwardBackwardTokensPerSecond => Batch * Tokens / ForwardBackwardSeconds;
    public double ForwardGflops => 2.0 * MatmulParameters * ForwardTokensPerSecond / 1e9;
    public double ForwardBackwardGflops => 6.0 * MatmulParameters * ForwardBackwardTokensPerSecond / 1e9;

    /// <summary>The machine's matmul rate in the model's dtype, the ceiling the model's rate is compared with.</summary>
    public double MatmulGflops => DType == "bf16" ? MatmulGflopsBf16 : MatmulGflopsFp32;

    public void Write(IAnsiConsole console)
    {
        var table = new Table()
            .Title($"bench forward: {Model}, {Parameters / 1e6:F1} M parameters, {DType}, batch {Batch} × {Tokens} tokens, fastest of {Steps} steps, {Threads} threads, allocator {Allocator}{(GradientCheckpointing ? ", activation checkpointing" : "")}")
            .AddColumns("", "tokens/s", "GFLOP/s", "of matmul peak", "peak resident");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        table.AddRow("forward", Number(ForwardTokensPerSecond), Number(ForwardGflops), Percent(ForwardGflops / MatmulGflops), Bytes(ForwardPeakResidentBytes));
        table.AddRow("forward + backward", Number(ForwardBackwardTokensPerSecond), Number(ForwardBackwardGflops), Percent(ForwardBackwardGflops / MatmulGflops), Bytes(ForwardBackwardPeakResidentBytes));
        table.AddRow("matmul 1024³ fp32", "", Number(MatmulGflopsFp32), "", "");
        table.AddRow("matmul 1024³ bf16", "", Number(MatmulGflopsBf16), "", "");
        table.Caption("GFLOP/s: 2 (forward) or 6 (forward + backward) × matmul parameters × tokens/s; attention scores not counted.");
        console.Write(table);
    }
}
