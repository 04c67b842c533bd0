using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>Reading values out of tokenizer.json components, with errors that name the file, the component and the key.</summary>
internal static class TokenizerJson
{
    /// <summary>A JSON file of the tokenizer directory; invalid JSON is an error naming the file.</summary>
    public static JsonDocument ParseFile(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    public static string Kind(JsonElement component, string what, string file)
    {
        if (component.ValueKind != JsonValueKind.Object || !component.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
            throw new WpoException($"{file}: the {what} has no \"type\".");
        return type.GetString()!;
    }

    public static WpoException Unsupported(string what, string kind, string file, string supported) =>
        new($"{file}: unsupported {what} '{kind}' (supported: {supported}).");

    public static JsonElement Property(JsonElement component, string key, string file) =>
        component.ValueKind == JsonValueKind.Object && component.TryGetProperty(key, out JsonElement value)
            ? value
            : throw new WpoException($"{file}: \"{key}\" is missing{Where(component)}.");

    public static string String(JsonElement component, string key, string file)
    {
        JsonElement value = Property(component, key, file);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new WpoException($"{file}: \"{key}\"{Where(component)} must be a string.");
    }

    public static bool Bool(JsonElement component, string key, string file, bool defaultValue)
    {
        if (!component.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return defaultValue;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new WpoException($"{file}: \"{key}\"{Where(component)} must be true or false."),
        };
    }

    public static int Int(JsonElement component, string key, string file)
    {
        JsonElement value = Property(component, key, file);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
            ? number
            : throw new WpoException($"{file}: \"{key}\"{Where(component)} must be an integer.");
    }

    public static IEnumerable<JsonElement> Array(JsonElement component, string key, string file)
    {
        JsonElement value = Property(component, key, file);
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw new WpoException($"{file}: \"{key}\"{Where(component)} must be a list.");
    }

    /// <summary>A <c>"pattern": {"String": …}</c> (matched literally) or <c>{"Regex": …}</c> as a .NET regex.</summary>
    public static Regex Pattern(JsonElement component, string file)
    {
        JsonElement pattern = Property(component, "pattern", file);
        if (pattern.TryGetProperty("String", out JsonElement literal) && literal.ValueKind == JsonValueKind.String)
            return new Regex(Regex.Escape(literal.GetString()!), RegexOptions.CultureInvariant);
        if (pattern.TryGetProperty("Regex", out JsonElement regex) && regex.ValueKind == JsonValueKind.String)
        {
            try
            {
                return new Regex(regex.GetString()!, RegexOptions.Compiled | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new WpoException($"{file}: the regex {regex.GetString()}{Where(component)} is not valid in .NET: {e.Message}", e);
            }
        }
        throw new WpoException($"{file}: \"pattern\"{Where(component)} must be {{\"String\": …}} or {{\"Regex\": …}}.");
    }

    static string Where(JsonElement component) =>
        component.ValueKind == JsonValueKind.Object && component.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.String
            ? $" in the {type.GetString()} component"
            : "";
}
