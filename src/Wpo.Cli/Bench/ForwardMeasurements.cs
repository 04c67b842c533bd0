using System.Diagnostics;
using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>Timing helpers for <c>wpo bench forward</c>: the machine's matmul rate and repeated timed steps.</summary>
public static class ForwardMeasurements
{
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
