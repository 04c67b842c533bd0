using Wpo.Text;

namespace Wpo.Data;

/// <summary>One unpaired (KTO) example: a prompt, one completion, and whether the completion is desirable.</summary>
public sealed record KtoRecord(IReadOnlyList<ChatMessage> Prompt, IReadOnlyList<ChatMessage> Completion, bool Label, RowOrigin Origin);
