namespace Wpo.Text;

/// <summary>
/// Text produced by a chat template that remembers which character ranges came from message content
/// (<see cref="ProtectedSpans"/>): <see cref="Tokenizer.Encode(ChatText, bool)"/> never matches special tokens
/// there, so a control-token string quoted in a dataset row stays ordinary text while the template's own control
/// tokens stay control tokens. Immutable; concatenation and suffixes keep the spans aligned with the text.
/// </summary>
public sealed class ChatText
{
    static readonly (int Start, int Length)[] NoSpans = [];

    readonly (int Start, int Length)[] spans;

    ChatText(string text, (int Start, int Length)[] spans)
    {
        Text = text;
        this.spans = spans;
    }

    public string Text { get; }

    /// <summary>Sorted, disjoint, non-empty character ranges of <see cref="Text"/> encoded without special-token matching.</summary>
    public IReadOnlyList<(int Start, int Length)> ProtectedSpans => spans;

    internal ReadOnlySpan<(int Start, int Length)> Spans => spans;

    /// <summary>Text with nothing protected: special-token strings in it are control tokens.</summary>
    public static ChatText Plain(string text) => new(text, NoSpans);

    /// <summary>Text that is entirely content: no special token matches anywhere in it.</summary>
    public static ChatText Protected(string text) => new(text, text.Length == 0 ? NoSpans : [(0, text.Length)]);

    /// <summary>Text with the given protected ranges; they must be sorted, disjoint and inside the text.</summary>
    internal static ChatText WithSpans(string text, IEnumerable<(int Start, int Length)> spans)
    {
        (int Start, int Length)[] list = [.. spans.Where(s => s.Length > 0)];
        int end = 0;
        foreach ((int start, int length) in list)
        {
            if (start < end || start + length > text.Length)
                throw new ArgumentException($"protected span ({start}, {length}) is out of order or outside the text of length {text.Length}.", nameof(spans));
            end = start + length;
        }
        return new ChatText(text, list);
    }

    public static ChatText operator +(ChatText left, ChatText right)
    {
        int shift = left.Text.Length;
        return new ChatText(left.Text + right.Text, [.. left.spans, .. right.spans.Select(s => (s.Start + shift, s.Length))]);
    }

    public bool StartsWith(string prefix) => Text.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>The text from <paramref name="start"/> on, with the protected spans shifted and clipped to it.</summary>
    public ChatText Substring(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, Text.Length);
        return new ChatText(Text[start..], [.. spans
            .Where(s => s.Start + s.Length > start)
            .Select(s => (Math.Max(s.Start, start) - start, s.Start + s.Length - Math.Max(s.Start, start)))]);
    }

    public override string ToString() => Text;
}
