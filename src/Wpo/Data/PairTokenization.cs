namespace Wpo.Data;

/// <summary>
/// TRL 0.9's <c>tokenize_row</c> on token ids (FIDELITY §2, tokenization steps 2–5): the answer boundary, BOS/EOS
/// without doubling, truncation and labels. Pure: the caller supplies the encodings of the prompt text and of
/// prompt + answer text.
/// </summary>
public static class PairTokenization
{
    /// <summary>
    /// The pair from <paramref name="promptIds"/> = tok(text_prompt), <paramref name="chosenFullIds"/> =
    /// tok(text_prompt + text_chosen) and <paramref name="rejectedFullIds"/> = tok(text_prompt + text_rejected),
    /// all without special tokens. A null BOS or EOS id adds nothing.
    /// </summary>
    public static TokenizedPair Build(
        int[] promptIds, int[] chosenFullIds, int[] rejectedFullIds, int? bosId, int? eosId,
        int maxLength, int maxPromptLength, TruncationMode mode, RowOrigin origin)
    {
        var (chosenPrompt, chosenAnswer) = SplitAtPrompt(promptIds, chosenFullIds);
        var (rejectedPrompt, rejectedAnswer) = SplitAtPrompt(promptIds, rejectedFullIds);

        int differing = chosenPrompt.Zip(rejectedPrompt).Count(pair => pair.First != pair.Second);
        if (differing > 1 || Math.Abs(chosenPrompt.Length - rejectedPrompt.Length) > 1)
            throw new BadRowException(BadRowReason.PromptMismatch, origin,
                "the chosen and rejected encodings differ in more than the prompt's last token");
        int[] prompt = promptIds[..Math.Min(chosenPrompt.Length, rejectedPrompt.Length)];

        prompt = WithBos(prompt, bosId);
        chosenPrompt = WithBos(chosenPrompt, bosId);
        rejectedPrompt = WithBos(rejectedPrompt, bosId);
        chosenAnswer = WithEos(chosenAnswer, eosId);
        rejectedAnswer = WithEos(rejectedAnswer, eosId);
        var untruncated = new PairLengths(chosenPrompt.Length, chosenAnswer.Length, rejectedAnswer.Length);

        // As in TRL, the budget is judged with the longer answer, for each prompt part separately.
        int longer = Math.Max(chosenAnswer.Length, rejectedAnswer.Length);
        chosenPrompt = TruncatePrompt(chosenPrompt, longer, maxLength, maxPromptLength, mode);
        rejectedPrompt = TruncatePrompt(rejectedPrompt, longer, maxLength, maxPromptLength, mode);
        prompt = TruncatePrompt(prompt, longer, maxLength, maxPromptLength, mode);
        if (chosenPrompt.Length + longer > maxLength) chosenAnswer = chosenAnswer[..Math.Min(chosenAnswer.Length, maxLength - maxPromptLength)];
        if (rejectedPrompt.Length + longer > maxLength) rejectedAnswer = rejectedAnswer[..Math.Min(rejectedAnswer.Length, maxLength - maxPromptLength)];

        return new TokenizedPair(prompt, [.. chosenPrompt, .. chosenAnswer], chosenPrompt.Length,
            [.. rejectedPrompt, .. rejectedAnswer], rejectedPrompt.Length, untruncated, origin);
    }

    /// <summary>
    /// Prompt and answer parts of tok(prompt + answer): the answer starts after the prompt's tokens unless the
    /// tokenizer merged across the boundary, in which case it starts one token earlier.
    /// </summary>
    static (int[] Prompt, int[] Answer) SplitAtPrompt(int[] promptIds, int[] fullIds)
    {
        int start = Math.Min(promptIds.Length, fullIds.Length);
        if (!fullIds.AsSpan(0, start).SequenceEqual(promptIds)) start = Math.Max(0, Math.Min(promptIds.Length - 1, fullIds.Length));
        return (fullIds[..start], fullIds[start..]);
    }

    internal static int[] WithBos(int[] ids, int? bosId) =>
        bosId is int bos && (ids.Length == 0 || ids[0] != bos) ? [bos, .. ids] : ids;

    static int[] WithEos(int[] ids, int? eosId) =>
        eosId is int eos && (ids.Length == 0 || ids[^1] != eos) ? [.. ids, eos] : ids;

    static int[] TruncatePrompt(int[] prompt, int longerAnswer, int maxLength, int maxPromptLength, TruncationMode mode)
    {
        if (prompt.Length + longerAnswer <= maxLength || prompt.Length <= maxPromptLength) return prompt;
        return mode == TruncationMode.KeepStart ? prompt[..maxPromptLength] : prompt[^maxPromptLength..];
    }
}
