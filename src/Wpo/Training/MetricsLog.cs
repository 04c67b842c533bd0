namespace Wpo.Training;

/// <summary>
/// <c>output_dir/metrics.jsonl</c>, written as a run goes: one row per line, flushed at once so that <c>wpo plot</c>
/// and <c>tail -f</c> see it. Opening it for a resumed run rewrites it with the checkpoint's rows, dropping rows
/// logged after that checkpoint, so the file ends up as an uninterrupted run's.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    public const string FileName = "metrics.jsonl";
    readonly StreamWriter writer;

    MetricsLog(StreamWriter writer) => this.writer = writer;

    public static MetricsLog Open(string directory, IReadOnlyList<MetricRow> history)
    {
        Directory.CreateDirectory(directory);
        var writer = new StreamWriter(Path.Combine(directory, FileName), append: false) { NewLine = "\n" };
        foreach (MetricRow row in history) writer.WriteLine(row.ToJson());
        writer.Flush();
        return new MetricsLog(writer);
    }

    public static IReadOnlyList<MetricRow> Read(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, FileName)).Where(line => line.Length > 0).Select(MetricRow.Parse)];

    public void Write(MetricRow row)
    {
        writer.WriteLine(row.ToJson());
        writer.Flush();
    }

    public void Dispose() => writer.Dispose();
}
