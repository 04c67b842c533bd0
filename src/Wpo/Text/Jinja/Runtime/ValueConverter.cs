using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Turns .NET context values into template values: strings, bools, integers (long), floats (double), null,
/// dictionaries (keys in their own order), lists and other enumerables, and System.Text.Json elements (objects
/// keep the key order of the JSON, as Python's json does; numbers with a fraction or exponent become floats).
/// </summary>
internal static class ValueConverter
{
    public static object? Convert(object? value, string path) => value switch
    {
        null => null,
        string or bool or long or double => value,
        int or short or sbyte or byte or ushort or uint => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (object)(long)u : (double)u,
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        JsonElement element => FromJson(element, path),
        JsonNode node => FromJson(JsonSerializer.SerializeToElement(node), path),
        IReadOnlyDictionary<string, object?> dictionary => FromPairs(dictionary, path),
        IDictionary dictionary => FromDictionary(dictionary, path),
        IEnumerable sequence => sequence.Cast<object?>().Select((item, i) => Convert(item, $"{path}[{i}]")).ToList(),
        _ => throw new WpoException($"Template variable {path} has type {value.GetType().Name}, which templates cannot use; " +
                                    "pass strings, numbers, bools, null, lists, dictionaries or JSON."),
    };

    static PyDict FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, string path)
    {
        var dict = new PyDict();
        foreach (var (key, item) in pairs) dict[key] = Convert(item, $"{path}.{key}");
        return dict;
    }

    static PyDict FromDictionary(IDictionary dictionary, string path)
    {
        var dict = new PyDict(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            object key = Convert(entry.Key, path) ?? throw new WpoException($"Template variable {path} has a null dictionary key.");
            dict.SetItem(key, Convert(entry.Value, $"{path}.{entry.Key}"));
        }
        return dict;
    }

    public static object? FromJson(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                if (raw.IndexOfAny(['.', 'e', 'E']) < 0 && element.TryGetInt64(out long integer)) return integer;
                return element.GetDouble();
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray()) list.Add(FromJson(item, $"{path}[{index++}]"));
                return list;
            default:
                var dict = new PyDict();
                foreach (JsonProperty property in element.EnumerateObject())
                    dict[property.Name] = FromJson(property.Value, $"{path}.{property.Name}");
                return dict;
        }
    }
}
