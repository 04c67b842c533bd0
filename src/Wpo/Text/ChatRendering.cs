namespace Wpo.Text;

/// <summary>
/// A rendered conversation: the text, and the (start, length) spans, in UTF-16 offsets into <see cref="Text"/>,
/// of what the template marks with <c>{% generation %}</c> (the assistant's text, for assistant-only masks).
/// Empty when the template has no generation blocks.
/// </summary>
public sealed record ChatRendering(string Text, IReadOnlyList<(int Start, int Length)> GenerationSpans);
