using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Renders messages with a chat template over a tokenizer's BOS/EOS strings. With the tokenizer's own template the
/// tokenizer renders it, so special-token strings in content come back protected under
/// <see cref="SpecialTokensInContent.Escape"/>. Another template (a config's <c>chat_template</c>) is rendered
/// directly and nothing is protected (the seed's behaviour); <see cref="Protects"/> tells which case applies.
/// </summary>
static class TemplateRendering
{
    public static bool Protects(ChatTemplate template, Tokenizer tokenizer) =>
        ReferenceEquals(template, tokenizer.ChatTemplate) && tokenizer.ContentMode == SpecialTokensInContent.Escape;

    public static ChatText Render(ChatTemplate template, Tokenizer tokenizer, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        ReferenceEquals(template, tokenizer.ChatTemplate)
            ? tokenizer.ApplyChatTemplate(messages, addGenerationPrompt)
            : ChatText.Plain(template.Render(messages, addGenerationPrompt, tokenizer.BosToken, tokenizer.EosToken).Text);
}
