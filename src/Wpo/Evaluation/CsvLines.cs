using System.Globalization;

namespace Wpo.Evaluation;

/// <summary>
/// The rows of a plain comma-separated file as pandas' <c>to_csv</c> writes numeric tables (no quoted fields):
/// one <see cref="CsvLine"/> per non-empty line, the header first.
/// </summary>
static class CsvLines
{
    public static IReadOnlyList<CsvLine> Read(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"{path}: no such file");
        var lines = File.ReadLines(path)
            .Select((text, at) => new CsvLine(at + 1, text.TrimEnd('\r').Split(',')))
            .Where(line => line.Fields is not [""])
            .ToList();
        if (lines.Count < 2) throw new WpoException($"{path}: expected a header and at least one row");
        int width = lines[0].Fields.Length;
        if (lines.FirstOrDefault(line => line.Fields.Length != width) is { } bad)
            throw new WpoException($"{path}: line {bad.LineNumber}: {bad.Fields.Length} fields, the header has {width}");
        return lines;
    }
}

/// <summary>One line of a <see cref="CsvLines"/> file: its 1-based line number and its fields.</summary>
sealed record CsvLine(int LineNumber, string[] Fields)
{
    /// <summary>Field <paramref name="column"/> as a number, or a <see cref="WpoException"/> naming the line.</summary>
    public double Number(string path, int column) =>
        double.TryParse(Fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new WpoException($"{path}: line {LineNumber}: '{Fields[column]}' is not a number");
}
