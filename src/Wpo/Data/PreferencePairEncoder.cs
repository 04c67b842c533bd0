using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Formats and tokenizes one record into a <see cref="TokenizedPair"/>: tok(text_prompt), tok(text_prompt + answer)
/// for each answer, then TRL 0.9's boundary, BOS/EOS, truncation and label rules, then the prompt-budget check.
/// </summary>
public sealed class PreferencePairEncoder(PreferenceFormatter formatter, Tokenizer tokenizer, DataConfig settings)
{
    public PreferenceFormatter Formatter { get; } = formatter;

    public Tokenizer Tokenizer { get; } = tokenizer;

    public TokenizedPair Encode(PreferenceRecord record)
    {
        FormattedPair text = Formatter.Format(record);
        TokenizedPair pair = PairTokenization.Build(
            Tokenizer.Encode(text.Prompt), Tokenizer.Encode(text.Prompt + text.Chosen), Tokenizer.Encode(text.Prompt + text.Rejected),
            Tokenizer.BosId, Tokenizer.EosId, settings.MaxLength, settings.MaxPromptLength, settings.TruncationMode, record.Origin);
        return PromptBudget.Check(pair, settings.MaxLength, settings.KeepOverBudgetPrompts);
    }

    /// <summary>
    /// The ids a policy trained on these pairs is sampled from: the prompt turns with the generation prompt
    /// (<see cref="PreferenceFormatter.GenerationPrompt"/>), BOS first as in training.
    /// </summary>
    public int[] EncodeGenerationPrompt(IReadOnlyList<ChatMessage> prompt) =>
        PairTokenization.WithBos(Tokenizer.Encode(Formatter.GenerationPrompt(prompt)), Tokenizer.BosId);
}
