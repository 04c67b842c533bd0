using System.Diagnostics;
using Wpo.Modeling;
using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>Timing helpers for the model benchmarks: the machine's matmul rate, repeated timed steps, the parameters that do matmuls.</summary>
public static class ForwardMeasurements
{
    /// <summary>
    /// Parameters that take part in a matmul per token: all but the embedding lookup (a tied head reuses the
    /// embedding matrix, so it is counted once either way). 2 FLOPs per such parameter per token forward.
    /// </summary>
    public static long MatmulParameters(ModelConfig config) =>
        CausalLM.ParameterCount(config) - (config.TieWordEmbeddings ? 0 : (long)config.VocabSize * config.HiddenSize);

    /// <summary>
    /// GFLOP/s of an n×n by n×n matmul (2n³ FLOPs) in <paramref name="dtype"/>: one warm-up, then repeats for at least
    /// <paramref name="minimumSeconds"/>; the fastest repeat counts, as for the model's steps, so that moments when
    /// other processes hold the cores of a shared machine do not count.
    /// </summary>
    public static double MatmulGflops(ScalarType dtype, int n = 1024, double minimumSeconds = 1.0)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn([n, n]).to(dtype);
        var b = randn([n, n]).to(dtype);
        a.matmul(b).Dispose();
        var seconds = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < minimumSeconds || seconds.Count < 3)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / seconds.Min() / 1e9;
    }

    /// <summary>Runs <paramref name="step"/> once to warm up, then <paramref name="steps"/> times; returns the fastest step's seconds.</summary>
    public static double FastestSeconds(int steps, Action step)
    {
        step();
        var seconds = new List<double>();
        for (int i = 0; i < steps; i++)
        {
            var watch = Stopwatch.StartNew();
            step();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        return seconds.Min();
    }
}
