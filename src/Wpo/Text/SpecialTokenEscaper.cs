using System.Globalization;
using System.Text;

namespace Wpo.Text;

/// <summary>
/// Keeps control-token strings in message content from becoming control tokens (transformers' chat-input
/// sanitization does the same): before the template renders, each special-token string in the content is replaced by
/// a placeholder of private-use characters the template passes through untouched; after rendering, the placeholders
/// are put back and their character ranges become the protected spans of a <see cref="ChatText"/>, which the
/// tokenizer encodes as ordinary text together with the characters around them.
/// </summary>
internal sealed class SpecialTokenEscaper
{
    const char FirstPrivateUse = '\uE000', LastPrivateUse = '\uF8FF';

    readonly AddedTokenMatcher matcher;
    readonly List<string> tokens;
    readonly char marker;

    /// <param name="specialTokens">The control-token strings to keep out of content.</param>
    /// <param name="fixedText">Text that reaches the rendering without passing through <see cref="Escape(string)"/> (the template, BOS/EOS); the marker is chosen outside it.</param>
    /// <param name="content">Every string that will be escaped; the marker is chosen outside it too, so any marker in the rendering is a placeholder.</param>
    public SpecialTokenEscaper(IEnumerable<string> specialTokens, IEnumerable<string> fixedText, IEnumerable<string> content)
    {
        tokens = [.. specialTokens.Distinct(StringComparer.Ordinal)];
        matcher = new AddedTokenMatcher(tokens.Select((t, i) => new AddedToken(i, t, Special: false, Normalized: false, LeftStrip: false, RightStrip: false, SingleWord: false)), t => t.Content);
        var used = new HashSet<char>();
        foreach (string text in fixedText.Concat(content))
            foreach (char c in text)
                if (c is >= FirstPrivateUse and <= LastPrivateUse) used.Add(c);
        marker = Enumerable.Range(FirstPrivateUse, LastPrivateUse - FirstPrivateUse + 1).Select(c => (char)c).FirstOrDefault(c => !used.Contains(c));
        if (marker == default) throw new WpoException("the messages and the chat template use every private-use character; special tokens in content cannot be escaped.");
    }

    /// <summary><paramref name="text"/> with each special-token string replaced by its placeholder.</summary>
    public string Escape(string text)
    {
        if (matcher.IsEmpty) return text;
        var segments = new List<TextSegment>();
        matcher.Split(text, 0, [], segments);
        if (!segments.Any(s => s.Token is not null)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (TextSegment segment in segments)
        {
            if (segment.Token is null) escaped.Append(text, segment.Start, segment.Length);
            else escaped.Append(marker).Append(segment.Token.Id.ToString(CultureInfo.InvariantCulture)).Append(marker);
        }
        return escaped.ToString();
    }

    /// <summary>Every string inside a template value (message extras: strings, lists, dictionaries) escaped.</summary>
    public object? EscapeValue(object? value) => value switch
    {
        string text => Escape(text),
        IReadOnlyDictionary<string, object?> dictionary => dictionary.ToDictionary(p => p.Key, p => EscapeValue(p.Value), StringComparer.Ordinal),
        IEnumerable<object?> list => list.Select(EscapeValue).ToList(),
        _ => value,
    };

    /// <summary>The rendering with the placeholders replaced by their special-token strings, which become protected spans.</summary>
    public ChatText Restore(string rendered)
    {
        int next = rendered.IndexOf(marker);
        if (next < 0) return ChatText.Plain(rendered);
        var text = new StringBuilder(rendered.Length);
        var spans = new List<(int Start, int Length)>();
        int position = 0;
        while (next >= 0)
        {
            int close = rendered.IndexOf(marker, next + 1);
            if (close < 0 || !int.TryParse(rendered.AsSpan(next + 1, close - next - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= tokens.Count)
                throw new WpoException("the chat template cut or changed a special-token string that appears in message content, so it cannot be " +
                    "kept as ordinary text; load the tokenizer with SpecialTokensInContent.Parse (--content-mode parse) to let it through as a control token.");
            text.Append(rendered, position, next - position);
            spans.Add((text.Length, tokens[index].Length));
            text.Append(tokens[index]);
            position = close + 1;
            next = rendered.IndexOf(marker, position);
        }
        text.Append(rendered, position, rendered.Length - position);
        return ChatText.WithSpans(text.ToString(), spans);
    }
}
