using Wpo.Text;

namespace Wpo.Data;

/// <summary>The seed's text_prompt, text_chosen and text_rejected of one row, remembering which spans are message content.</summary>
public sealed record FormattedPair(ChatText Prompt, ChatText Chosen, ChatText Rejected, RowOrigin Origin);
