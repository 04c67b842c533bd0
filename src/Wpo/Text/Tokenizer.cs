using System.Security.Cryptography;
using System.Text;

namespace Wpo.Text;

/// <summary>
/// A Hugging Face tokenizer directory (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>, optionally
/// <c>special_tokens_map.json</c>) on Microsoft.ML.Tokenizers: byte-level BPE (Llama 3, Qwen2, GPT-2) and
/// SentencePiece-style BPE with Metaspace and byte fallback (Llama 2, Mistral, Gemma). Encoding matches
/// transformers.js, hence transformers; thread-safe.
/// </summary>
public sealed class Tokenizer
{
    readonly TokenizerDefinition definition;
    readonly Lazy<ChatTemplate?> chatTemplate;
    readonly Lazy<ChatTemplate?> toolUseTemplate;

    Tokenizer(string directory, TokenizerDefinition definition, SpecialTokensInContent contentMode, string fingerprint)
    {
        Directory = directory;
        this.definition = definition;
        ContentMode = contentMode;
        Fingerprint = fingerprint;
        TokenizerConfig config = definition.Config;
        string configFile = Path.Combine(directory, TokenizerConfig.FileName);
        (BosToken, EosToken, PadToken, UnkToken) = (config.BosToken, config.EosToken, config.PadToken, config.UnkToken);
        BosId = TokenizerDefinition.Id(definition.Vocabulary, BosToken, "bos_token", configFile);
        EosId = TokenizerDefinition.Id(definition.Vocabulary, EosToken, "eos_token", configFile);
        PadId = TokenizerDefinition.Id(definition.Vocabulary, PadToken, "pad_token", configFile);
        UnkId = TokenizerDefinition.Id(definition.Vocabulary, UnkToken, "unk_token", configFile);
        bool hasTemplates = definition.Config.HasChatTemplate || HasChatTemplateFile(directory);
        chatTemplate = new Lazy<ChatTemplate?>(() => hasTemplates ? ChatTemplate.FromModelDirectory(directory) : null);
        toolUseTemplate = new Lazy<ChatTemplate?>(() => hasTemplates ? ChatTemplateFiles.Named(directory, ChatTemplateFiles.ToolUseName) : null);
    }

    /// <summary>Loads the tokenizer in <paramref name="directory"/>; unsupported components are errors that name them.</summary>
    public static Tokenizer Load(string directory, SpecialTokensInContent contentMode = SpecialTokensInContent.Escape)
    {
        if (!System.IO.Directory.Exists(directory)) throw new WpoException($"tokenizer directory {directory} does not exist.");
        string full = Path.GetFullPath(directory);
        return new Tokenizer(full, TokenizerDefinition.Read(full), contentMode, ComputeFingerprint(full, contentMode));
    }

    /// <summary>The directory the tokenizer was loaded from.</summary>
    public string Directory { get; }

    public SpecialTokensInContent ContentMode { get; }

    public string? BosToken { get; }
    public string? EosToken { get; }
    public string? PadToken { get; }
    public string? UnkToken { get; }
    public int? BosId { get; }
    public int? EosId { get; }
    public int? PadId { get; }
    public int? UnkId { get; }

    /// <summary>One more than the largest token id, added tokens included (transformers' <c>len(tokenizer)</c>).</summary>
    public int VocabularySize => definition.Vocabulary.Size;

    /// <summary>A stable hash of the tokenizer files and <see cref="ContentMode"/>, for caches keyed by tokenization.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// The directory's chat template (<c>chat_template.jinja</c>, or <c>chat_template</c> in tokenizer_config.json),
    /// read on first use; null when the directory has none.
    /// </summary>
    public ChatTemplate? ChatTemplate => chatTemplate.Value;

    /// <summary>
    /// transformers' <c>apply_chat_template(messages, add_generation_prompt, **extra)</c> without tokenizing, with the
    /// directory's own template: the one named <c>tool_use</c> when <paramref name="extraVariables"/> give
    /// <c>tools</c> and the directory has it (as transformers picks), else the default; a clear error when it has
    /// none. See the overload taking a template.
    /// </summary>
    public ChatText ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = false,
        IReadOnlyDictionary<string, object?>? extraVariables = null)
    {
        bool toolsGiven = extraVariables is not null && extraVariables.TryGetValue("tools", out object? tools) && tools is not null;
        ChatTemplate? template = (toolsGiven ? toolUseTemplate.Value : null) ?? ChatTemplate;
        return ApplyChatTemplate(template ?? throw new WpoException(
                $"{Directory} has no chat template: expected chat_template.jinja or \"chat_template\" in {TokenizerConfig.FileName}."),
            messages, addGenerationPrompt, extraVariables);
    }

    /// <summary>
    /// <paramref name="template"/> rendered with this tokenizer's <c>bos_token</c>/<c>eos_token</c>. With
    /// <see cref="SpecialTokensInContent.Escape"/>, special-token strings in message content (and in the strings of
    /// message extras) come back as protected spans, so <see cref="Encode(ChatText, bool)"/> keeps them ordinary text;
    /// <paramref name="extraVariables"/> are template inputs the caller vouches for and are not escaped.
    /// </summary>
    public ChatText ApplyChatTemplate(ChatTemplate template, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = false,
        IReadOnlyDictionary<string, object?>? extraVariables = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(messages);
        if (ContentMode == SpecialTokensInContent.Parse)
            return ChatText.Plain(template.Render(messages, addGenerationPrompt, BosToken, EosToken, extraVariables).Text);

        var escaper = new SpecialTokenEscaper(SpecialTokenStrings,
            [template.Source, BosToken ?? "", EosToken ?? "", .. StringsIn(extraVariables)],
            messages.SelectMany(m => StringsIn(m.Extra).Append(m.Content).Append(m.Role)));
        ChatMessage[] escaped = [.. messages.Select(m => m with
        {
            Content = escaper.Escape(m.Content),
            Extra = m.Extra?.ToDictionary(p => p.Key, p => escaper.EscapeValue(p.Value), StringComparer.Ordinal),
        })];
        return escaper.Restore(template.Render(escaped, addGenerationPrompt, BosToken, EosToken, extraVariables).Text);
    }

    static IEnumerable<string> StringsIn(object? value) => value switch
    {
        string text => [text],
        IReadOnlyDictionary<string, object?> dictionary => dictionary.SelectMany(p => StringsIn(p.Value).Append(p.Key)),
        IEnumerable<object?> list => list.SelectMany(StringsIn),
        _ => [],
    };

    static bool HasChatTemplateFile(string directory) =>
        File.Exists(Path.Combine(directory, "chat_template.jinja")) || System.IO.Directory.Exists(Path.Combine(directory, "additional_chat_templates"));

    /// <summary>
    /// The ids of <paramref name="text"/>. Special-token strings in it are matched as control tokens (Hugging Face's
    /// default); <paramref name="addSpecialTokens"/> adds the BOS/EOS that the post-processor and
    /// <c>add_bos_token</c>/<c>add_eos_token</c> call for.
    /// </summary>
    public int[] Encode(string text, bool addSpecialTokens = false) => Encode(text, [], addSpecialTokens);

    /// <summary>
    /// The ids of <paramref name="text"/>, where no special token matches inside its protected spans when
    /// <see cref="ContentMode"/> is <see cref="SpecialTokensInContent.Escape"/> (with <see cref="SpecialTokensInContent.Parse"/>
    /// the spans are ignored, as the seed pipeline did).
    /// </summary>
    public int[] Encode(ChatText text, bool addSpecialTokens = false) =>
        Encode(text.Text, ContentMode == SpecialTokensInContent.Escape ? text.Spans : [], addSpecialTokens);

    int[] Encode(string text, ReadOnlySpan<(int Start, int Length)> protectedSpans, bool addSpecialTokens)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        if (addSpecialTokens) ids.AddRange(definition.Frame.Prefix);
        definition.Pipeline.Encode(text, protectedSpans, ids);
        if (addSpecialTokens) ids.AddRange(definition.Frame.Suffix);
        return [.. ids];
    }

    /// <summary>
    /// The text of <paramref name="ids"/> through the tokenizer's decoder (byte-level bytes or <c>▁</c> and
    /// <c>&lt;0xNN&gt;</c> back to text), with transformers' clean-up of spaces before punctuation when the config
    /// asks for it; <paramref name="skipSpecialTokens"/> leaves out special tokens.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        TokenVocabulary vocabulary = definition.Vocabulary;
        var parts = new List<TokenDecoder.Part>();
        foreach (int id in ids)
        {
            if (skipSpecialTokens && vocabulary.IsSpecial(id)) continue;
            parts.Add(new TokenDecoder.Part(IdToToken(id), vocabulary.IsAdded(id)));
        }
        string text = string.Concat(definition.Decoder.Decode(parts).Select(p => p.Text));
        return definition.Config.CleanUpTokenizationSpaces ? CleanUpTokenizationSpaces(text) : text;
    }

    /// <summary>The token string of <paramref name="id"/> as the vocabulary spells it (e.g. <c>Ġthe</c>, <c>▁the</c>).</summary>
    public string IdToToken(int id) =>
        definition.Vocabulary.Token(id) ?? throw new WpoException($"token id {id} is not in the tokenizer {Directory} (ids go up to {VocabularySize - 1}).");

    /// <summary>The id of a token string as the vocabulary spells it, or null.</summary>
    public int? TokenToId(string token) => definition.Vocabulary.TokenToId(token);

    /// <summary>Whether <paramref name="id"/> is a special (control) token.</summary>
    public bool IsSpecial(int id) => definition.Vocabulary.IsSpecial(id);

    /// <summary>The special (control) token strings: what <see cref="SpecialTokensInContent.Escape"/> keeps out of content.</summary>
    internal IEnumerable<string> SpecialTokenStrings =>
        definition.AddedTokens.Where(t => definition.Vocabulary.IsSpecial(t.Id)).Select(t => t.Content);

    /// <summary>transformers' <c>clean_up_tokenization</c>: no space before . ? ! , and English contractions.</summary>
    static string CleanUpTokenizationSpaces(string text) => text
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re");

    static string ComputeFingerprint(string directory, SpecialTokensInContent contentMode)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in (string[])[TokenizerDefinition.FileName, TokenizerConfig.FileName, TokenizerConfig.SpecialTokensMapFileName, "chat_template.jinja"])
        {
            string path = Path.Combine(directory, name);
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            if (File.Exists(path)) hash.AppendData(File.ReadAllBytes(path));
        }
        hash.AppendData(Encoding.UTF8.GetBytes(contentMode.ToString()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
