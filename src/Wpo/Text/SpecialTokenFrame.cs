using System.Text.Json;

namespace Wpo.Text;

/// <summary>
/// The ids that encoding with special tokens puts before and after a single text: what tokenizer.json's
/// <c>post_processor</c> (TemplateProcessing's <c>single</c>) adds, e.g. Mistral's <c>&lt;s&gt;</c> in front.
/// </summary>
internal sealed record SpecialTokenFrame(int[] Prefix, int[] Suffix)
{
    public static readonly SpecialTokenFrame None = new([], []);

    public static SpecialTokenFrame FromJson(JsonElement json, string file)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return None;
        string kind = TokenizerJson.Kind(json, "post_processor", file);
        switch (kind)
        {
            case "ByteLevel":
                return None;
            case "TemplateProcessing":
                return FromTemplate(json, file);
            case "Sequence":
                var frames = TokenizerJson.Array(json, "processors", file).Select(step => FromJson(step, file)).ToList();
                return new SpecialTokenFrame([.. frames.SelectMany(f => f.Prefix)], [.. frames.SelectMany(f => f.Suffix)]);
            default:
                throw TokenizerJson.Unsupported("post_processor", kind, file, "TemplateProcessing, ByteLevel, Sequence");
        }
    }

    static SpecialTokenFrame FromTemplate(JsonElement json, string file)
    {
        JsonElement specials = TokenizerJson.Property(json, "special_tokens", file);
        List<int> prefix = [], suffix = [];
        bool seenSequence = false;
        foreach (JsonElement part in TokenizerJson.Array(json, "single", file))
        {
            if (part.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
                continue;
            }
            string name = TokenizerJson.String(TokenizerJson.Property(part, "SpecialToken", file), "id", file);
            if (!specials.TryGetProperty(name, out JsonElement special))
                throw new WpoException($"{file}: the TemplateProcessing post_processor uses '{name}', which its special_tokens do not define.");
            (seenSequence ? suffix : prefix).AddRange(TokenizerJson.Array(special, "ids", file).Select(id => id.GetInt32()));
        }
        return new SpecialTokenFrame([.. prefix], [.. suffix]);
    }

    /// <summary>This frame with the BOS/EOS ends replaced per tokenizer_config's <c>add_bos_token</c>/<c>add_eos_token</c>, where given.</summary>
    public SpecialTokenFrame WithFlags(bool? addBos, int? bosId, bool? addEos, int? eosId, string file)
    {
        int[] prefix = Prefix, suffix = Suffix;
        if (addBos is bool bos)
            prefix = bos ? [bosId ?? throw new WpoException($"{file}: add_bos_token is true but there is no bos_token.")] : [];
        if (addEos is bool eos)
            suffix = eos ? [eosId ?? throw new WpoException($"{file}: add_eos_token is true but there is no eos_token.")] : [];
        return new SpecialTokenFrame(prefix, suffix);
    }
}
