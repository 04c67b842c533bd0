using Wpo.Training;

namespace Wpo.Plots;

/// <summary>One metric over a run's steps: the rows that carry it, in file order, with its non-finite values left out (a line cannot be drawn through them).</summary>
sealed record MetricSeries(string Key, double[] Steps, double[] Values)
{
    public bool IsEmpty => Steps.Length == 0;

    public static MetricSeries Of(IReadOnlyList<MetricRow> rows, string key)
    {
        var points = rows.Where(row => row.Has(key)).Select(row => (Step: (double)row.Step, Value: row[key])).Where(point => double.IsFinite(point.Value)).ToList();
        return new MetricSeries(key, [.. points.Select(point => point.Step)], [.. points.Select(point => point.Value)]);
    }
}
