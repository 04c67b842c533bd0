namespace Wpo.Text.Jinja;

/// <summary>
/// A rendered template: the text, and the spans (UTF-16 offsets into <see cref="Text"/>) of the
/// <c>{% generation %}</c> blocks rendered at top level, in order.
/// </summary>
public sealed record RenderResult(string Text, IReadOnlyList<(int Start, int Length)> GenerationSpans);
