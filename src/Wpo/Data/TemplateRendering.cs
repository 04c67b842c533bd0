using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Renders messages with a chat template over a tokenizer's BOS/EOS strings. The template renderer reports no
/// content spans yet, so the text comes back unprotected: special-token strings inside message content are
/// encoded as control tokens whatever the tokenizer's <see cref="SpecialTokensInContent"/> mode (the seed's behaviour).
/// </summary>
static class TemplateRendering
{
    public static ChatText Render(ChatTemplate template, Tokenizer tokenizer, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        ChatText.Plain(template.Render(messages, addGenerationPrompt, tokenizer.BosToken, tokenizer.EosToken).Text);
}
