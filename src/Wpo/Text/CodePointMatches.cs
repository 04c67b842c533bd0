using System.Globalization;
using System.Text.RegularExpressions;

namespace Wpo.Text;

/// <summary>
/// The non-empty matches of a tokenizer.json regex, found over code points as Hugging Face tokenizers (Oniguruma)
/// and transformers.js (the <c>u</c> flag) find them. A .NET regex sees UTF-16 units, so a character outside the
/// BMP (𝑥, 𝟏, 𠀀, 😀) is two surrogates of category Cs: <c>\p{L}</c> misses 𝑥, <c>[^\s\p{L}\p{N}]+</c> takes it
/// for punctuation, and <c>[^\r\n\p{L}\p{N}]?</c> cannot take 😀 whole, so pieces (and tokens) would be cut where
/// Hugging Face does not cut them. Text with surrogates is therefore matched through a stand-in that has one BMP
/// character of the same Unicode category per code point, and the matches are mapped back to the text.
/// </summary>
internal ref struct CodePointMatches
{
    /// <summary>For each category, a BMP character of it outside ASCII (which tokenizer regexes spell out literally).</summary>
    static readonly char[] StandIns = BuildStandIns();

    Regex.ValueMatchEnumerator matches;
    readonly int[]? offsets;

    public CodePointMatches(Regex pattern, ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            matches = pattern.EnumerateMatches(text);
            return;
        }
        var standIn = new char[text.Length];
        offsets = new int[text.Length + 1];
        int count = 0;
        for (int i = 0; i < text.Length; count++)
        {
            offsets[count] = i;
            bool pair = i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]);
            standIn[count] = pair ? StandIns[(int)CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]))] : text[i];
            i += pair ? 2 : 1;
        }
        offsets[count] = text.Length;
        matches = pattern.EnumerateMatches(standIn.AsSpan(0, count));
    }

    /// <summary>The current match as start and end offsets into the text.</summary>
    public (int Start, int End) Current { get; private set; }

    public readonly CodePointMatches GetEnumerator() => this;

    public bool MoveNext()
    {
        while (matches.MoveNext())
        {
            ValueMatch match = matches.Current;
            if (match.Length == 0) continue;
            int end = match.Index + match.Length;
            Current = offsets is null ? (match.Index, end) : (offsets[match.Index], offsets[end]);
            return true;
        }
        return false;
    }

    static char[] BuildStandIns()
    {
        var table = new char[(int)UnicodeCategory.OtherNotAssigned + 1];
        for (int c = char.MaxValue; c >= 0x80; c--)
            if (!char.IsSurrogate((char)c)) table[(int)CharUnicodeInfo.GetUnicodeCategory((char)c)] = (char)c;
        return table;
    }
}
