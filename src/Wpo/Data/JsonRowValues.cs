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

    /// <summary>
    /// An object's fields. A string .NET cannot hold (an escaped lone surrogate, which Python's json accepts) is a
    /// <see cref="FormatException"/> naming the key that holds it.
    /// </summary>
    public static Dictionary<string, object?> ToFields(JsonElement element)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            try
            {
                fields[property.Name] = ToValue(property.Value);
            }
            catch (InvalidOperationException e)
            {
                throw new FormatException($"'{property.Name}' holds text that is not valid Unicode ({e.Message})", e);
            }
        }
        return fields;
    }
}
