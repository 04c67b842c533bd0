using System.Text.Json;

namespace Wpo.Text;

/// <summary>
/// What transformers reads from <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> on top of
/// tokenizer.json: the named special tokens (the map's entries win, as in transformers), the BOS/EOS flags, the
/// tokenizer class and <c>legacy</c>, and whether decoding cleans up spaces before punctuation.
/// </summary>
internal sealed record TokenizerConfig(
    string? BosToken,
    string? EosToken,
    string? PadToken,
    string? UnkToken,
    IReadOnlyList<string> AdditionalSpecialTokens,
    bool? AddBosToken,
    bool? AddEosToken,
    string? TokenizerClass,
    bool? Legacy,
    bool CleanUpTokenizationSpaces,
    bool HasChatTemplate)
{
    public const string FileName = "tokenizer_config.json";
    public const string SpecialTokensMapFileName = "special_tokens_map.json";

    public static TokenizerConfig Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new WpoException($"{path} is missing: a Hugging Face tokenizer directory needs tokenizer.json and tokenizer_config.json.");
        using JsonDocument config = TokenizerJson.ParseFile(path);
        JsonElement root = config.RootElement;
        string mapPath = Path.Combine(directory, SpecialTokensMapFileName);
        using JsonDocument? map = File.Exists(mapPath) ? TokenizerJson.ParseFile(mapPath) : null;

        string? Token(string key)
        {
            if (map is not null && map.RootElement.TryGetProperty(key, out JsonElement fromMap)) return TokenContent(fromMap, key, mapPath);
            return root.TryGetProperty(key, out JsonElement fromConfig) ? TokenContent(fromConfig, key, path) : null;
        }

        JsonElement additional = map is not null && map.RootElement.TryGetProperty("additional_special_tokens", out JsonElement a) ? a
            : root.TryGetProperty("additional_special_tokens", out JsonElement b) ? b : default;
        string[] additionalTokens = additional.ValueKind == JsonValueKind.Array
            ? [.. additional.EnumerateArray().Select(t => TokenContent(t, "additional_special_tokens", path)).OfType<string>()]
            : [];

        return new TokenizerConfig(
            Token("bos_token"), Token("eos_token"), Token("pad_token"), Token("unk_token"), additionalTokens,
            OptionalBool(root, "add_bos_token", path), OptionalBool(root, "add_eos_token", path),
            root.TryGetProperty("tokenizer_class", out JsonElement cls) && cls.ValueKind == JsonValueKind.String ? cls.GetString() : null,
            OptionalBool(root, "legacy", path),
            // transformers.js's default, which the goldens follow.
            OptionalBool(root, "clean_up_tokenization_spaces", path) ?? true,
            root.TryGetProperty("chat_template", out JsonElement template) && template.ValueKind != JsonValueKind.Null);
    }

    /// <summary>Whether transformers' slow-tokenizer rule for Llama with <c>legacy: false</c> applies (see <see cref="EncodingPipeline"/>).</summary>
    public bool IsNonLegacyLlama => Legacy == false && TokenizerClass is "LlamaTokenizer" or "LlamaTokenizerFast";


    /// <summary>A special token given as a string or as an AddedToken object <c>{"content": …}</c>.</summary>
    static string? TokenContent(JsonElement value, string key, string path) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object when value.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String => content.GetString(),
        _ => throw new WpoException($"{path}: \"{key}\" must be a string, an object with \"content\", or null."),
    };

    static bool? OptionalBool(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new WpoException($"{path}: \"{key}\" must be true, false or null."),
        };
    }
}
