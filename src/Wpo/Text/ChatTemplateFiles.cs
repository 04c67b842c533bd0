using System.Text.Json;

namespace Wpo.Text;

/// <summary>Finds a chat template in a model directory the way transformers' tokenizer loading does.</summary>
internal static class ChatTemplateFiles
{
    const string DefaultName = "default";

    /// <summary>The template transformers picks when <c>tools</c> are given and the directory has one of this name.</summary>
    public const string ToolUseName = "tool_use";

    public static ChatTemplate Load(string directory, string? name)
    {
        var templates = All(directory);
        if (templates.Count == 0)
            throw new WpoException($"No chat template in {directory}: expected chat_template.jinja, or \"chat_template\" in tokenizer_config.json. " +
                                   "Use a model with a chat template or give one explicitly.");
        string wanted = name ?? DefaultName;
        if (!templates.TryGetValue(wanted, out var found))
        {
            string available = string.Join(", ", templates.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
            throw new WpoException(name is null
                ? $"{directory} has several chat templates ({available}) and none is named 'default'; choose one by name."
                : $"{directory} has no chat template named '{name}'; available: {available}.");
        }
        return new ChatTemplate(found.Source, found.Origin);
    }

    /// <summary>The template named <paramref name="name"/>, or null when the directory has none of that name.</summary>
    public static ChatTemplate? Named(string directory, string name) =>
        All(directory).TryGetValue(name, out var found) ? new ChatTemplate(found.Source, found.Origin) : null;

    static Dictionary<string, (string Source, string Origin)> All(string directory)
    {
        if (!Directory.Exists(directory)) throw new WpoException($"Model directory not found: {directory}");
        var templates = new Dictionary<string, (string Source, string Origin)>(StringComparer.Ordinal);
        ReadTokenizerConfig(Path.Combine(directory, "tokenizer_config.json"), templates);
        string jinjaFile = Path.Combine(directory, "chat_template.jinja");
        if (File.Exists(jinjaFile)) templates[DefaultName] = (File.ReadAllText(jinjaFile), jinjaFile);
        string extras = Path.Combine(directory, "additional_chat_templates");
        if (Directory.Exists(extras))
            foreach (string file in Directory.GetFiles(extras, "*.jinja").Order(StringComparer.Ordinal))
                templates[Path.GetFileNameWithoutExtension(file)] = (File.ReadAllText(file), file);
        return templates;
    }

    static void ReadTokenizerConfig(string file, Dictionary<string, (string, string)> templates)
    {
        if (!File.Exists(file)) return;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException error)
        {
            throw new WpoException($"{file} is not valid JSON: {error.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("chat_template", out JsonElement template)) return;
            switch (template.ValueKind)
            {
                case JsonValueKind.String:
                    templates[DefaultName] = (template.GetString()!, file);
                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement entry in template.EnumerateArray())
                    {
                        if (entry.ValueKind != JsonValueKind.Object
                            || !entry.TryGetProperty("name", out JsonElement entryName) || entryName.ValueKind != JsonValueKind.String
                            || !entry.TryGetProperty("template", out JsonElement source) || source.ValueKind != JsonValueKind.String)
                            throw new WpoException($"{file}: each \"chat_template\" list entry must be {{\"name\": string, \"template\": string}}.");
                        templates[entryName.GetString()!] = (source.GetString()!, $"{file} (chat_template '{entryName.GetString()}')");
                    }
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    throw new WpoException($"{file}: \"chat_template\" must be a string or a list of {{name, template}}, not {template.ValueKind}.");
            }
        }
    }
}
