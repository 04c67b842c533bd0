using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

/// <summary>Closeness assertions that name the quantity and the worst element when they fail.</summary>
internal static class Close
{
    /// <summary>|actual − expected| ≤ tolerance·max(|expected|, floor) for every element.</summary>
    public static void Values(string what, double[] expected, double[] actual, double tolerance, double floor = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = tolerance * Math.Max(Math.Abs(expected[i]), floor);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= allowed && double.IsFinite(actual[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (difference {Math.Abs(actual[i] - expected[i]):E2}, allowed {allowed:E2}).");
        }
    }

    public static void Value(string what, double expected, double actual, double tolerance, double floor = 0) =>
        Values(what, [expected], [actual], tolerance, floor);

    public static void Tensors(string what, Tensor expected, Tensor actual, double tolerance, double floor = 0)
    {
        Assert.Equal(expected.shape, actual.shape);
        Values(what, Doubles(expected), Doubles(actual), tolerance, floor);
    }

    /// <summary>Every element within tolerance·max|expected| (the scale of the whole tensor), for gradients with near-zero entries.</summary>
    public static void ByScale(string what, Tensor expected, Tensor actual, double tolerance) =>
        Tensors(what, expected, actual, tolerance, floor: Doubles(expected).Max(Math.Abs));

    public static double[] Doubles(Tensor tensor) => tensor.detach().to(ScalarType.Float64).contiguous().reshape(-1).data<double>().ToArray();
}
