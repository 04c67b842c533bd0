using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wpo.Modeling;

/// <summary>
/// Typed reads of <c>config.json</c> keys. A key that is absent takes Hugging Face's default; an explicit
/// <c>null</c> is kept as null where the key is optional (e.g. <c>"sliding_window": null</c> turns the window off).
/// Every error names the file and the key.
/// </summary>
internal sealed class ConfigJson(JsonObject json, string source)
{
    public string Source { get; } = source;

    public bool Has(string key) => json.ContainsKey(key);

    public bool IsNull(string key) => json.TryGetPropertyValue(key, out var node) && node is null;

    public JsonObject? Object(string key) => Node(key) switch
    {
        null => null,
        JsonObject value => value,
        var other => throw Wrong(key, "an object", other),
    };

    public string RequiredString(string key) =>
        Node(key) is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw (Has(key) ? Wrong(key, "a string", Node(key)) : Missing(key));

    public string? String(string key, string? absent) => Node(key) switch
    {
        null => absent,
        JsonValue value when value.TryGetValue(out string? text) => text,
        var other => throw Wrong(key, "a string", other),
    };

    public int RequiredPositiveInt(string key) =>
        Has(key) && !IsNull(key) ? PositiveInt(key, 0) : throw Missing(key);

    public int PositiveInt(string key, int absent)
    {
        int? value = NullableInt(key, absent);
        return value is > 0 ? value.Value : throw Wrong(key, "a positive integer", Node(key));
    }

    public int? NullableInt(string key, int? absent) => Node(key) switch
    {
        null => Has(key) ? null : absent,
        JsonValue value when Integer(value) is long number && number is >= int.MinValue and <= int.MaxValue => (int)number,
        var other => throw Wrong(key, "an integer", other),
    };

    public double Double(string key, double absent) =>
        NullableDouble(key, absent) ?? throw Wrong(key, "a number", null);

    /// <summary>A finite number above zero: rotary bases and scaling factors, which otherwise turn every logit into NaN silently.</summary>
    public double PositiveDouble(string key, double absent) =>
        Double(key, absent) is var value && double.IsFinite(value) && value > 0 ? value : throw Wrong(key, "a positive number", Node(key));

    public double RequiredPositiveDouble(string key) =>
        Has(key) && !IsNull(key) ? PositiveDouble(key, 0) : throw Missing(key);

    public double? NullableDouble(string key, double? absent) => Node(key) switch
    {
        null => Has(key) ? null : absent,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => Number(value),
        var other => throw Wrong(key, "a number", other),
    };

    /// <summary>A number read from a file (a JSON element) or set in code (an int, long or double).</summary>
    static double Number(JsonValue value) =>
        value.TryGetValue(out double number) ? number
        : value.TryGetValue(out long integer) ? integer
        : value.GetValue<int>();

    /// <summary>A whole number read from a file or set in code; null for anything else.</summary>
    static long? Integer(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number) return null;
        if (value.TryGetValue(out long integer)) return integer;
        if (value.TryGetValue(out int small)) return small;
        double number = Number(value);
        return number == Math.Floor(number) && Math.Abs(number) < 1e15 ? (long)number : null;
    }

    public bool Bool(string key, bool absent) => Node(key) switch
    {
        null => absent,
        JsonValue value when value.TryGetValue(out bool flag) => flag,
        var other => throw Wrong(key, "true or false", other),
    };

    /// <summary>An integer or a list of integers (e.g. <c>eos_token_id</c>); empty when absent or null.</summary>
    public IReadOnlyList<long> Ids(string key) => Node(key) switch
    {
        null => [],
        JsonValue value when Integer(value) is long id => [id],
        JsonArray array => array.Select(item => item is JsonValue v && Integer(v) is long id ? id : throw Wrong(key, "an integer or a list of integers", array)).ToArray(),
        var other => throw Wrong(key, "an integer or a list of integers", other),
    };

    /// <summary>A list of strings (e.g. <c>layer_types</c>); null when absent or null.</summary>
    public IReadOnlyList<string>? Strings(string key) => Node(key) switch
    {
        null => null,
        JsonArray array => array.Select(item => item is JsonValue v && v.TryGetValue(out string? text) ? text : throw Wrong(key, "a list of strings", array)).ToArray(),
        var other => throw Wrong(key, "a list of strings", other),
    };

    public ModelConfigException Wrong(string key, string expected, JsonNode? found) =>
        new($"{Source}: '{key}' must be {expected}; found {found?.ToJsonString() ?? "null"}.");

    ModelConfigException Missing(string key) => new($"{Source}: required key '{key}' is missing.");

    JsonNode? Node(string key) => json.TryGetPropertyValue(key, out var node) ? node : null;
}
