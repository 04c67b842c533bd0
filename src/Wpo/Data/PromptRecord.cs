using Wpo.Text;

namespace Wpo.Data;

/// <summary>The off-policy pair a prompt came with: the answer turns of each side and the dataset's scores, if any.</summary>
public sealed record OriginalPair(IReadOnlyList<ChatMessage> Chosen, IReadOnlyList<ChatMessage> Rejected, double? ScoreChosen, double? ScoreRejected);

/// <summary>
/// A prompt to generate answers for: its turns (ending with the user's), the pair it came with when read from
/// preference rows, and where the row came from.
/// </summary>
public sealed record PromptRecord(IReadOnlyList<ChatMessage> Messages, OriginalPair? Original, RowOrigin Origin)
{
    /// <summary>The prompt as text: the last user turn's content (the whole instruction of a single-turn prompt).</summary>
    public string Prompt => (Messages.LastOrDefault(m => m.Role == "user") ?? Messages[^1]).Content;
}
