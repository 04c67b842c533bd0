using System.Text.Json;

namespace Wpo.Text;

/// <summary>
/// The parts of a tokenizer read from a Hugging Face directory: the encoding pipeline, the decoder, every token
/// with its id, the named special tokens, and the ids encoding with special tokens puts around a text.
/// </summary>
internal sealed record TokenizerDefinition(
    EncodingPipeline Pipeline,
    TokenDecoder Decoder,
    TokenVocabulary Vocabulary,
    TokenizerConfig Config,
    SpecialTokenFrame Frame,
    IReadOnlyList<AddedToken> AddedTokens)
{
    public const string FileName = "tokenizer.json";

    public static TokenizerDefinition Read(string directory)
    {
        string file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
            throw new WpoException($"{file} is missing: only tokenizers saved in the Hugging Face fast format (tokenizer.json) are supported.");
        TokenizerConfig config = TokenizerConfig.Read(directory);
        using JsonDocument document = TokenizerJson.ParseFile(file);
        JsonElement root = document.RootElement;

        string?[] named = [config.BosToken, config.EosToken, config.UnkToken, config.PadToken, .. config.AdditionalSpecialTokens];
        // transformers lists the config's named tokens among its special tokens even where tokenizer.json says
        // "special": false (Gemma's <start_of_turn>); content escaping protects exactly those, so matching must agree.
        List<AddedToken> addedTokens = [.. ReadAddedTokens(root, file).Select(t => named.Contains(t.Content) ? t with { Special = true } : t)];
        BpeModel model = BpeModel.FromJson(TokenizerJson.Property(root, "model", file), file);
        TextNormalizer? normalizer = TextNormalizer.FromJson(Optional(root, "normalizer"), file);
        TextPreTokenizer? preTokenizer = TextPreTokenizer.FromJson(Optional(root, "pre_tokenizer"), file);
        TokenDecoder decoder = TokenDecoder.FromJson(Optional(root, "decoder"), file);
        SpecialTokenFrame frame = SpecialTokenFrame.FromJson(Optional(root, "post_processor"), file);

        var vocabulary = new TokenVocabulary(model.Vocabulary, addedTokens, named.OfType<string>());
        string configFile = Path.Combine(directory, TokenizerConfig.FileName);
        frame = frame.WithFlags(config.AddBosToken, Id(vocabulary, config.BosToken, "bos_token", configFile),
            config.AddEosToken, Id(vocabulary, config.EosToken, "eos_token", configFile), configFile);

        EncodingPipeline.SlowLlamaPrefix? slowLlama = null;
        if (config.IsNonLegacyLlama)
        {
            // transformers.js (and transformers' slow Llama tokenizer) replace the file's normalizer and pre-tokenizer here.
            const char metaspace = '▁';
            normalizer = null;
            preTokenizer = new MetaspacePreTokenizer(metaspace, PrependScheme.First, split: false);
            int metaspaceId = vocabulary.TokenToId(metaspace.ToString())
                ?? throw new WpoException($"{file}: legacy is false for a Llama tokenizer but the vocabulary has no '{metaspace}' token.");
            slowLlama = new EncodingPipeline.SlowLlamaPrefix(metaspace, metaspaceId, vocabulary.SpecialIds);
        }

        var rawTokens = new AddedTokenMatcher(addedTokens.Where(t => !t.Normalized), t => t.Content);
        var normalizedTokens = new AddedTokenMatcher(addedTokens.Where(t => t.Normalized), t => normalizer?.Normalize(t.Content) ?? t.Content);
        var pipeline = new EncodingPipeline(rawTokens, normalizedTokens, normalizer, preTokenizer, model, slowLlama);
        return new TokenizerDefinition(pipeline, decoder, vocabulary, config, frame, addedTokens);
    }

    /// <summary>The id of a named special token from the config; an error if the tokenizer does not know it.</summary>
    public static int? Id(TokenVocabulary vocabulary, string? token, string key, string configFile) =>
        token is null ? null
            : vocabulary.TokenToId(token) ?? throw new WpoException($"{configFile}: {key} '{token}' is not a token of this tokenizer.");


    /// <summary>The component under <paramref name="key"/>; an absent one reads as undefined, which the components treat like null.</summary>
    static JsonElement Optional(JsonElement root, string key) => root.TryGetProperty(key, out JsonElement value) ? value : default;

    static List<AddedToken> ReadAddedTokens(JsonElement root, string file)
    {
        if (!root.TryGetProperty("added_tokens", out JsonElement list) || list.ValueKind == JsonValueKind.Null) return [];
        return [.. TokenizerJson.Array(root, "added_tokens", file).Select(token => new AddedToken(
            TokenizerJson.Int(token, "id", file),
            TokenizerJson.String(token, "content", file),
            TokenizerJson.Bool(token, "special", file, defaultValue: false),
            TokenizerJson.Bool(token, "normalized", file, defaultValue: true),
            TokenizerJson.Bool(token, "lstrip", file, defaultValue: false),
            TokenizerJson.Bool(token, "rstrip", file, defaultValue: false),
            TokenizerJson.Bool(token, "single_word", file, defaultValue: false)))];
    }
}
