using System.Text.Json;

namespace Wpo.Data;

/// <summary>Turns parsed JSON into the plain values of a <see cref="RawRow"/>.</summary>
static class JsonRowValues
{
    public static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long whole) ? whole : (object)element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.Object => ToFields(element),
        _ => throw new ArgumentOutOfRangeException(nameof(element), element.ValueKind, "unknown JSON value kind"),
    };

    public static Dictionary<string, object?> ToFields(JsonElement element)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject()) fields[property.Name] = ToValue(property.Value);
        return fields;
    }
}
