using Wpo.Data;

namespace Wpo.Evaluation;

/// <summary>
/// Reads AlpacaEval's <c>annotations.json</c> (a JSON array of annotation objects; JSON Lines, such as the
/// judgement log <c>annotations.jsonl</c>, read too) through the data layer's <see cref="RowReader"/>, so a bad row is
/// named as every data file's is: the file, the row and what is wrong.
/// </summary>
public static class AnnotationsReader
{
    /// <summary>Every row of the file, in order; a missing key or a value of the wrong type is a <see cref="WpoException"/> naming the row.</summary>
    public static IReadOnlyList<AlpacaAnnotation> Read(string path)
    {
        var rows = new List<AlpacaAnnotation>();
        foreach (RawRow row in RowReader.Read(path))
            rows.Add(ReadRow(rows.Count, row));
        if (rows.Count == 0) throw new WpoException($"{path}: no annotations");
        return rows;
    }

    static AlpacaAnnotation ReadRow(int index, RawRow row)
    {
        string Text(string key) =>
            row.Fields.TryGetValue(key, out var value) && value is string text
                ? text
                : throw new WpoException($"{row.Origin}: '{key}' is missing or not a string");
        return new AlpacaAnnotation(index, Text("instruction"), Text("output_1"), Text("generator_1"),
            Text("output_2"), Text("generator_2"), Preference(row));
    }

    static double? Preference(RawRow row)
    {
        double preference = row.Fields.GetValueOrDefault("preference") switch
        {
            null => double.NaN,
            long whole => whole,
            double real => real,
            var other => throw new WpoException($"{row.Origin}: 'preference' must be a number or null, found {other.GetType().Name} {other}"),
        };
        if (double.IsNaN(preference)) return null;
        if (preference != 0 && !(preference >= 1 && preference <= 2))
            throw new WpoException($"{row.Origin}: 'preference' {preference} is outside [1, 2] (0 = tie)");
        return preference;
    }
}
