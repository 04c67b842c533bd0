namespace Wpo.Evaluation;

/// <summary>The sample statistics pandas computes by default (ddof = 1).</summary>
public static class Statistics
{
    /// <summary>The sample standard deviation (n − 1 in the denominator); NaN for fewer than two values, as pandas.</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The standard error of the mean: sample standard deviation / √n (pandas' sem).</summary>
    public static double StandardErrorOfMean(IReadOnlyList<double> values) =>
        StandardDeviation(values) / Math.Sqrt(values.Count);

    /// <summary>
    /// The length of a text as Python counts it (pandas' str.len): Unicode code points, so a character outside the
    /// basic plane counts once, not as its two UTF-16 halves.
    /// </summary>
    public static int CodePoints(string text) => text.Length - text.Count(char.IsLowSurrogate);
}
