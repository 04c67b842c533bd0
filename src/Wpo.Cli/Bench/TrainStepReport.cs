using Spectre.Console;
using Wpo.Modeling;
using static Wpo.Cli.Bench.BenchFormat;

namespace Wpo.Cli.Bench;

/// <summary>
/// The results of <c>wpo bench train</c>. Model FLOPs per token: 6 × matmul parameters for the policy's forward and
/// backward, plus 2 × for a frozen reference's forward (recomputation under checkpointing and attention scores not
/// counted, as MFU is usually defined); MFU divides the achieved rate by the matmul rate measured in the same run.
/// </summary>
public sealed record TrainStepReport(
    TrainStepSettings Settings,
    int Pairs,
    int Threads,
    string Allocator,
    long Parameters,
    long MatmulParameters,
    IReadOnlyList<double> StepTokensPerSecond,
    double MatmulGflops,
    long PeakResidentBytes,
    double PaddingShare,
    PeerOutcome? Peer)
{
    public double TokensPerSecond => Median(StepTokensPerSecond);

    public double ModelGflops => (Settings.FrozenReference ? 8.0 : 6.0) * MatmulParameters * TokensPerSecond / 1e9;

    public double Mfu => ModelGflops / MatmulGflops;

    /// <summary>Wpo's tokens/s over the peer's, when the peer ran.</summary>
    public double? Speedup => Peer?.Result is { } peer ? TokensPerSecond / peer.TokensPerSecond : null;

    public void Write(IAnsiConsole console)
    {
        var s = Settings;
        string data = s.Recipe is null ? $"{Pairs} random pairs × {s.Tokens} tokens" : $"{Pairs} pairs per step from {Path.GetFileName(s.Recipe)}";
        string switches = string.Join(", ", new[]
        {
            s.GradientCheckpointing ? "activation checkpointing" : null,
            s.LoraRank is int rank ? $"LoRA r={rank} all-linear" : null,
            s.FrozenReference ? "frozen reference" : "precomputed reference",
            $"padding {Percent(PaddingShare)}",
        }.Where(text => text is not null));
        var table = new Table()
            .Title($"bench train: {s.Preset}, {Parameters / 1e6:N1} M parameters, {s.DType}, {data}, median of {StepTokensPerSecond.Count} steps, {Threads} threads, allocator {Allocator}; {switches}")
            .AddColumns("", "tokens/s", "step", "peak resident");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        table.AddRow("wpo", Number(TokensPerSecond), Seconds(Pairs * 2.0 * s.Tokens / TokensPerSecond, s.Recipe is null), Bytes(PeakResidentBytes));
        if (Peer is { Result: { } peer }) table.AddRow($"peer (PyTorch {peer.Torch})", Number(peer.TokensPerSecond), $"{peer.MedianStepSeconds:F3} s", Bytes(peer.PeakResidentBytes));
        else if (Peer is { Failure: { } failure }) table.AddRow("peer", Markup.Escape(failure), "", "");
        console.Write(table);
        console.WriteLine($"model FLOPs {Number(ModelGflops)} GFLOP/s of a {Number(MatmulGflops)} GFLOP/s {s.DType} matmul: MFU {Percent(Mfu)}"
            + (Speedup is { } speedup ? $"; {speedup:F1}× the peer's tokens/s" : ""));
        if (CpuBf16.Warning(s.DType == "bf16") is { } slow) console.WriteLine($"note: {slow}; the MFU compares against that slow matmul.");
    }

    static string Seconds(double seconds, bool fixedLength) => fixedLength ? $"{seconds:F3} s" : "";

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
