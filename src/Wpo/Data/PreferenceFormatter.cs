using Wpo.Text;
using Wpo.Text.Jinja;

namespace Wpo.Data;

/// <summary>
/// Renders a <see cref="PreferenceRecord"/> with a chat template (FIDELITY §2, formatting steps 2–3).
/// <list type="bullet">
/// <item>An empty system turn is put before a prompt that has none, when <c>auto_insert_empty_system_msg</c> is on
/// and only if the template's source contains "system" or "&lt;|im_start|&gt;" (the alignment-handbook's test).</item>
/// <item><see cref="PromptLayout.Seed"/>: each answer is rendered on its own and a leading BOS string is removed,
/// so the answer text starts with the assistant header.</item>
/// <item><see cref="PromptLayout.GenerationPrompt"/>: the prompt is rendered with the generation prompt, and each
/// answer is what the whole conversation renders beyond that prompt: only the answer and its end-of-turn.</item>
/// </list>
/// </summary>
public sealed class PreferenceFormatter(
    string templateSource,
    Func<IReadOnlyList<ChatMessage>, bool, ChatText> render,
    string? bosToken,
    bool autoInsertEmptySystemMsg = true,
    PromptLayout layout = PromptLayout.Seed)
{
    readonly bool templateKnowsSystem =
        templateSource.Contains("system", StringComparison.Ordinal) || templateSource.Contains("<|im_start|>", StringComparison.Ordinal);

    /// <summary>A formatter rendering with <paramref name="template"/> and the tokenizer's BOS/EOS strings.</summary>
    public static PreferenceFormatter For(ChatTemplate template, Tokenizer tokenizer, bool autoInsertEmptySystemMsg = true, PromptLayout layout = PromptLayout.Seed) =>
        new(template.Source, (messages, generationPrompt) => tokenizer.ApplyChatTemplate(template, messages, generationPrompt),
            tokenizer.BosToken, autoInsertEmptySystemMsg, layout);

    public FormattedPair Format(PreferenceRecord record)
    {
        IReadOnlyList<ChatMessage> prompt = WithSystemTurn(record.Prompt);
        try
        {
            return layout == PromptLayout.Seed
                ? new FormattedPair(render(prompt, false), SeedAnswer(record.Chosen), SeedAnswer(record.Rejected), record.Origin)
                : GenerationPromptLayout(prompt, record);
        }
        catch (TemplateException e)
        {
            // The template's own message names its line, not the data: say which row made it fail.
            throw new WpoException($"{record.Origin}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The prompt formatted as in training (with the same system-turn rule), followed by the generation prompt: what a
    /// policy trained on these pairs should be sampled from.
    /// </summary>
    public ChatText GenerationPrompt(IReadOnlyList<ChatMessage> prompt) => render(WithSystemTurn(prompt), true);

    IReadOnlyList<ChatMessage> WithSystemTurn(IReadOnlyList<ChatMessage> prompt) =>
        autoInsertEmptySystemMsg && templateKnowsSystem && prompt.Count > 0 && prompt[0].Role != "system"
            ? [new ChatMessage("system", ""), .. prompt]
            : prompt;

    ChatText SeedAnswer(IReadOnlyList<ChatMessage> answer)
    {
        ChatText text = render(answer, false);
        return bosToken is { Length: > 0 } bos && text.StartsWith(bos) ? text.Substring(bos.Length) : text;
    }

    FormattedPair GenerationPromptLayout(IReadOnlyList<ChatMessage> prompt, PreferenceRecord record)
    {
        ChatText promptText = render(prompt, true);
        ChatText Answer(IReadOnlyList<ChatMessage> answer)
        {
            ChatText full = render([.. prompt, .. answer], false);
            if (!full.StartsWith(promptText.Text))
                throw new WpoException(
                    $"{record.Origin}: the chat template does not render the conversation as the prompt (with its generation prompt) " +
                    "followed by the answer, so prompt_layout: generation_prompt cannot split it; use prompt_layout: seed.");
            return full.Substring(promptText.Text.Length);
        }
        return new FormattedPair(promptText, Answer(record.Chosen), Answer(record.Rejected), record.Origin);
    }
}
