using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>
/// tokenizer.json's <c>normalizer</c>, applied to each run of ordinary text between added tokens (so Llama 2's
/// <c>Prepend("▁")</c> marks the start of every such run, as in Hugging Face tokenizers).
/// </summary>
internal abstract class TextNormalizer
{
    public abstract string Normalize(string text);

    /// <summary>The normalizer described by <paramref name="json"/> (null or absent: none).</summary>
    public static TextNormalizer? FromJson(JsonElement json, string file)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        string kind = TokenizerJson.Kind(json, "normalizer", file);
        return kind switch
        {
            "Sequence" => new SequenceNormalizer([.. TokenizerJson.Array(json, "normalizers", file)
                .Select(step => FromJson(step, file) ?? throw new WpoException($"{file}: a null step in a Sequence normalizer."))]),
            "Prepend" => new PrependNormalizer(TokenizerJson.String(json, "prepend", file)),
            "Replace" => new ReplaceNormalizer(TokenizerJson.Pattern(json, file), TokenizerJson.String(json, "content", file)),
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
            _ => throw TokenizerJson.Unsupported("normalizer", kind, file, "Sequence, Prepend, Replace, NFC, NFKC"),
        };
    }

    sealed class SequenceNormalizer(TextNormalizer[] steps) : TextNormalizer
    {
        public override string Normalize(string text)
        {
            foreach (TextNormalizer step in steps) text = step.Normalize(text);
            return text;
        }
    }

    /// <summary>Prepends a string to non-empty text.</summary>
    sealed class PrependNormalizer(string prefix) : TextNormalizer
    {
        public override string Normalize(string text) => text.Length == 0 ? text : prefix + text;
    }

    sealed class ReplaceNormalizer(Regex pattern, string content) : TextNormalizer
    {
        readonly string replacement = content.Replace("$", "$$");

        public override string Normalize(string text) => pattern.Replace(text, replacement);
    }

    sealed class UnicodeNormalizer(NormalizationForm form) : TextNormalizer
    {
        public override string Normalize(string text) => text.IsNormalized(form) ? text : text.Normalize(form);
    }
}
