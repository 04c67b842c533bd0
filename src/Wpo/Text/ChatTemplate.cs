using Wpo.Text.Jinja;

namespace Wpo.Text;

/// <summary>
/// A model's chat template, rendered as Hugging Face transformers' <c>apply_chat_template</c> renders it: Jinja
/// with <c>trim_blocks</c> and <c>lstrip_blocks</c>, loop controls, <c>raise_exception</c>, <c>strftime_now</c>,
/// json.dumps-style <c>tojson</c> and <c>{% generation %}</c> blocks. The template is parsed once, here.
/// </summary>
public sealed class ChatTemplate
{
    readonly JinjaTemplate template;

    /// <summary>Parses a template; a syntax error throws a <see cref="TemplateException"/> naming line and column.</summary>
    /// <param name="source">The Jinja source.</param>
    /// <param name="name">Where the template came from, for error messages.</param>
    public ChatTemplate(string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        Name = name;
        template = JinjaTemplate.Parse(source, TemplateOptions.Transformers, name);
    }

    public string Source { get; }

    /// <summary>Where the template came from (file and entry), when known.</summary>
    public string? Name { get; }

    /// <summary>The clock <c>strftime_now</c> reads; the local time by default.</summary>
    public Func<DateTime> Clock { get; init; } = () => DateTime.Now;

    /// <summary>
    /// The chat template of a Hugging Face model directory: <c>chat_template.jinja</c> when present (as
    /// transformers prefers it), else <c>chat_template</c> in <c>tokenizer_config.json</c> (a string, or a list of
    /// <c>{name, template}</c>); named extras also come from <c>additional_chat_templates/NAME.jinja</c>.
    /// </summary>
    /// <param name="directory">The model directory.</param>
    /// <param name="name">A named template; null for the default one.</param>
    public static ChatTemplate FromModelDirectory(string directory, string? name = null) =>
        ChatTemplateFiles.Load(directory, name);

    /// <summary>
    /// Renders a conversation with the variables transformers passes: <c>messages</c>, <c>add_generation_prompt</c>,
    /// <c>bos_token</c> and <c>eos_token</c> (when given), <c>tools</c> and <c>documents</c> (None), then
    /// <paramref name="extraVariables"/>, which may add or override any of them.
    /// </summary>
    public ChatRendering Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = false,
        string? bosToken = null, string? eosToken = null, IReadOnlyDictionary<string, object?>? extraVariables = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages.Select(MessageFields).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["tools"] = null,
            ["documents"] = null,
        };
        if (bosToken is not null) context["bos_token"] = bosToken;
        if (eosToken is not null) context["eos_token"] = eosToken;
        if (extraVariables is not null)
            foreach (var (key, value) in extraVariables) context[key] = value;
        RenderResult result = template.Render(context, Clock);
        return new ChatRendering(result.Text, result.GenerationSpans);
    }

    /// <summary>Renders with a raw context (for example the goldens' JSON <c>context</c>).</summary>
    public string Render(IReadOnlyDictionary<string, object?> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return template.Render(context, Clock).Text;
    }

    static IReadOnlyDictionary<string, object?> MessageFields(ChatMessage message, int index)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = message.Role, ["content"] = message.Content };
        if (message.Extra is null) return fields;
        foreach (var (key, value) in message.Extra)
        {
            if (!fields.TryAdd(key, value))
                throw new WpoException($"Chat message {index} ({message.Role}) repeats '{key}' in Extra; role and content are set by the message itself.");
        }
        return fields;
    }
}
