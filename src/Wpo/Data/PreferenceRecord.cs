using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// One preference example, whatever schema it came from: the prompt turns, the chosen answer turns and the
/// rejected answer turns (usually one assistant message each), and where the row came from.
/// </summary>
public sealed record PreferenceRecord(
    IReadOnlyList<ChatMessage> Prompt,
    IReadOnlyList<ChatMessage> Chosen,
    IReadOnlyList<ChatMessage> Rejected,
    RowOrigin Origin);
