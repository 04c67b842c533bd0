using System.Text.Json;

namespace Wpo.Evaluation;

/// <summary>Reads AlpacaEval's <c>annotations.json</c> (a JSON array of annotation objects).</summary>
public static class AnnotationsReader
{
    /// <summary>Every row of the file, in order; a missing key or a value of the wrong type is a <see cref="WpoException"/> naming the row.</summary>
    public static IReadOnlyList<AlpacaAnnotation> Read(string path)
    {
        using (JsonDocument document = EvaluationJson.ParseArray(path, "annotations"))
        {
            var rows = new List<AlpacaAnnotation>();
            foreach (JsonElement row in document.RootElement.EnumerateArray())
                rows.Add(ReadRow(path, rows.Count, row));
            if (rows.Count == 0) throw new WpoException($"{path}: no annotations");
            return rows;
        }
    }

    static AlpacaAnnotation ReadRow(string path, int index, JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object) throw new WpoException($"{path}: row {index} is not a JSON object");
        string Text(string key) =>
            row.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new WpoException($"{path}: row {index}: '{key}' is missing or not a string");
        return new AlpacaAnnotation(index, Text("instruction"), Text("output_1"), Text("generator_1"),
            Text("output_2"), Text("generator_2"), Preference(path, index, row));
    }

    static double? Preference(string path, int index, JsonElement row)
    {
        if (!row.TryGetProperty("preference", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number)
            throw new WpoException($"{path}: row {index}: 'preference' must be a number or null, found {value.ValueKind}");
        double preference = value.GetDouble();
        if (preference != 0 && !(preference >= 1 && preference <= 2))
            throw new WpoException($"{path}: row {index}: 'preference' {preference} is outside [1, 2] (0 = tie)");
        return preference;
    }
}
