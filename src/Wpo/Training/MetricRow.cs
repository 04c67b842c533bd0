using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wpo.Training;

/// <summary>One line of <c>metrics.jsonl</c>: the step, the epoch (fractional) and named values in a fixed order.</summary>
public sealed record MetricRow(int Step, double Epoch, IReadOnlyList<KeyValuePair<string, double>> Values)
{
    public double this[string key] => Values.First(pair => pair.Key == key).Value;

    public bool Has(string key) => Values.Any(pair => pair.Key == key);

    /// <summary>The row as one JSON object (numbers in their shortest round-trip form; a non-finite value becomes null).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("step", Step);
            writer.WriteNumber("epoch", Math.Round(Epoch, 6));
            foreach (var (key, value) in Values)
            {
                if (double.IsFinite(value)) writer.WriteNumber(key, value);
                else writer.WriteNull(key);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a line written by <see cref="ToJson"/>.</summary>
    public static MetricRow Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        var values = root.EnumerateObject().Where(property => property.Name is not ("step" or "epoch"))
            .Select(property => new KeyValuePair<string, double>(property.Name, property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble() : double.NaN))
            .ToList();
        return new MetricRow(root.GetProperty("step").GetInt32(), root.GetProperty("epoch").GetDouble(), values);
    }

    public override string ToString() => string.Join(", ", Values.Select(pair => $"{pair.Key} {pair.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
}
