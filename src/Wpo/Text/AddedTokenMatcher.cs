using System.Buffers;
using System.Globalization;
using System.Text;

namespace Wpo.Text;

/// <summary>
/// Finds added tokens in text the way Hugging Face tokenizers does (<c>AddedVocabulary::find_matches</c>): scanning
/// left to right, the longest token starting at the leftmost position wins; a match that is not allowed (a
/// <c>single_word</c> token touching a word, or a special token overlapping a protected span) is skipped as a whole
/// and its characters stay ordinary text; lstrip/rstrip matches swallow the whitespace beside them.
/// </summary>
internal sealed class AddedTokenMatcher
{
    sealed class Node
    {
        public Dictionary<char, Node>? Children;
        public AddedToken? Token;
    }

    readonly Node root = new();
    readonly SearchValues<char> firstCharacters;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens, Func<AddedToken, string> pattern)
    {
        var first = new HashSet<char>();
        foreach (AddedToken token in tokens)
        {
            string text = pattern(token);
            if (text.Length == 0) continue;
            first.Add(text[0]);
            Node node = root;
            foreach (char c in text)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(c, out Node? child)) node.Children[c] = child = new Node();
                node = child;
            }
            node.Token = token;
        }
        firstCharacters = SearchValues.Create([.. first]);
        IsEmpty = first.Count == 0;
    }

    public bool IsEmpty { get; }

    /// <summary>
    /// Appends the segments of <paramref name="text"/> (added-token matches and the ordinary text between them) to
    /// <paramref name="segments"/>, with starts shifted by <paramref name="offset"/>. <paramref name="protectedSpans"/>
    /// (sorted, relative to <paramref name="text"/>) are characters where special tokens must not match.
    /// </summary>
    public void Split(ReadOnlySpan<char> text, int offset, ReadOnlySpan<(int Start, int Length)> protectedSpans, List<TextSegment> segments)
    {
        int ordinaryStart = 0;
        int position = 0;
        int protectedIndex = 0;
        while (position < text.Length)
        {
            int next = text[position..].IndexOfAny(firstCharacters);
            if (next < 0) break;
            position += next;
            (AddedToken? token, int stop) = LongestAt(text, position);
            if (token is null)
            {
                position++;
                continue;
            }
            int start = position;
            position = stop;
            if (token.Special && Overlaps(protectedSpans, ref protectedIndex, start, stop)) continue;
            if (token.SingleWord && (EndsWithWordCharacter(text[..start]) || StartsWithWordCharacter(text[stop..]))) continue;
            if (token.LeftStrip) start = Math.Max(ordinaryStart, start - TrailingWhitespace(text[..start]));
            if (token.RightStrip) stop += LeadingWhitespace(text[stop..]);
            if (start > ordinaryStart) segments.Add(new TextSegment(offset + ordinaryStart, start - ordinaryStart, null));
            segments.Add(new TextSegment(offset + start, stop - start, token));
            ordinaryStart = position = stop;
        }
        if (ordinaryStart < text.Length) segments.Add(new TextSegment(offset + ordinaryStart, text.Length - ordinaryStart, null));
    }

    (AddedToken? Token, int Stop) LongestAt(ReadOnlySpan<char> text, int start)
    {
        Node node = root;
        AddedToken? best = null;
        int bestStop = start;
        for (int i = start; i < text.Length && node.Children is not null && node.Children.TryGetValue(text[i], out Node? child); i++)
        {
            node = child;
            if (node.Token is not null) (best, bestStop) = (node.Token, i + 1);
        }
        return (best, bestStop);
    }

    /// <summary>Whether [start, stop) overlaps one of the sorted <paramref name="spans"/>; <paramref name="index"/> remembers the scan for increasing starts.</summary>
    internal static bool Overlaps(ReadOnlySpan<(int Start, int Length)> spans, ref int index, int start, int stop)
    {
        while (index < spans.Length && spans[index].Start + spans[index].Length <= start) index++;
        return index < spans.Length && spans[index].Start < stop;
    }

    static int TrailingWhitespace(ReadOnlySpan<char> text) => text.Length - text.TrimEnd().Length;

    static int LeadingWhitespace(ReadOnlySpan<char> text) => text.Length - text.TrimStart().Length;

    static bool EndsWithWordCharacter(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeLastFromUtf16(text, out Rune rune, out _) == OperationStatus.Done && IsWordCharacter(rune);

    static bool StartsWithWordCharacter(ReadOnlySpan<char> text) =>
        !text.IsEmpty && Rune.DecodeFromUtf16(text, out Rune rune, out _) == OperationStatus.Done && IsWordCharacter(rune);

    /// <summary>The regex class <c>\w</c>: letters, marks, decimal digits and connector punctuation.</summary>
    static bool IsWordCharacter(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };
}
