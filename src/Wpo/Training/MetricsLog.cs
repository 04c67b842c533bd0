using System.Text.Json;

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

    /// <summary>
    /// The rows of <c>directory/metrics.jsonl</c>, read in one go so that a run still appending to it can be read:
    /// its last line may be half written, so a last line that does not parse is left out; any other line that does
    /// not parse is an error naming its line number.
    /// </summary>
    public static IReadOnlyList<MetricRow> Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new WpoException($"{path}: no such file (a training run writes it into its output_dir).");
        string[] lines;
        using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
            lines = reader.ReadToEnd().Split('\n');
        int last = Array.FindLastIndex(lines, line => line.Length > 0);
        var rows = new List<MetricRow>();
        for (int i = 0; i <= last; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                rows.Add(MetricRow.Parse(lines[i]));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                if (i == last) break;
                throw new WpoException($"{path}: line {i + 1} is not a metrics row ({e.Message}).", e);
            }
        }
        return rows;
    }

    public void Write(MetricRow row)
    {
        writer.WriteLine(row.ToJson());
        writer.Flush();
    }

    public void Dispose() => writer.Dispose();
}
