namespace Wpo.Data;

/// <summary>Token counts of a pair before truncation (prompt with BOS, answers with EOS).</summary>
public readonly record struct PairLengths(int Prompt, int Chosen, int Rejected);

/// <summary>
/// One preference pair as token ids, in TRL 0.9's shape: the chosen sequence is its prompt part followed by the
/// chosen answer, likewise the rejected one; labels are the ids with the prompt part set to −100.
/// </summary>
public sealed record TokenizedPair(
    int[] PromptIds,
    int[] ChosenIds,
    int ChosenPromptLength,
    int[] RejectedIds,
    int RejectedPromptLength,
    PairLengths Untruncated,
    RowOrigin Origin)
{
    /// <summary>The label value of positions that take no part in the loss (prompt and padding).</summary>
    public const int IgnoredLabel = -100;

    public int[] ChosenLabels => Labels(ChosenIds, ChosenPromptLength);

    public int[] RejectedLabels => Labels(RejectedIds, RejectedPromptLength);

    /// <summary>The longer of the two sequences: what a padded batch must hold.</summary>
    public int MaxSequenceLength => Math.Max(ChosenIds.Length, RejectedIds.Length);

    public bool PromptTruncated => ChosenPromptLength < Untruncated.Prompt || RejectedPromptLength < Untruncated.Prompt;

    public bool AnswerTruncated =>
        ChosenIds.Length - ChosenPromptLength < Untruncated.Chosen || RejectedIds.Length - RejectedPromptLength < Untruncated.Rejected;

    static int[] Labels(int[] ids, int promptLength)
    {
        int[] labels = (int[])ids.Clone();
        Array.Fill(labels, IgnoredLabel, 0, promptLength);
        return labels;
    }
}
