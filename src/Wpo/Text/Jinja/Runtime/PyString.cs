using System.Text;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python string behaviour over .NET strings. Python indexes strings by code point, .NET by UTF-16 unit; the
/// two agree unless a string holds characters outside the Basic Multilingual Plane (emoji…), where these helpers
/// count, index and slice by code point as Python does.
/// </summary>
internal static class PyString
{
    /// <summary>Python's <c>str.isspace</c> for one character (also the information separators U+001C–U+001F).</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    public static bool HasSurrogates(string s)
    {
        foreach (char c in s)
            if (char.IsSurrogate(c)) return true;
        return false;
    }

    public static int Length(string s) => HasSurrogates(s) ? s.EnumerateRunes().Count() : s.Length;

    /// <summary>The code points of a string, each as a string (what iterating a Python string gives).</summary>
    public static object?[] CodePoints(string s)
    {
        if (!HasSurrogates(s))
        {
            var chars = new object?[s.Length];
            for (int i = 0; i < s.Length; i++) chars[i] = CharString(s[i]);
            return chars;
        }
        var list = new List<object?>();
        for (int i = 0; i < s.Length; i += char.IsSurrogatePair(s, i) ? 2 : 1)
            list.Add(char.IsSurrogatePair(s, i) ? s.Substring(i, 2) : CharString(s[i]));
        return [.. list];
    }

    static readonly string[] AsciiStrings = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    static string CharString(char c) => c < 128 ? AsciiStrings[c] : c.ToString();

    /// <summary>Orders strings by code point, as Python does (UTF-16 order differs above U+D7FF).</summary>
    public static int CompareOrdinal(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i]) return CodePointRank(a[i]).CompareTo(CodePointRank(b[i]));
        return a.Length.CompareTo(b.Length);
    }

    static int CodePointRank(char c) => c >= 0xD800 ? (c <= 0xDFFF ? c + 0x2000 : c - 0x800) : c;

    public static string RStripWhitespace(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1])) end--;
        return s[..end];
    }

    /// <summary>Python's <c>strip</c>/<c>lstrip</c>/<c>rstrip</c>: whitespace, or any of <paramref name="chars"/>.</summary>
    public static string Strip(string s, string? chars, bool left = true, bool right = true)
    {
        int start = 0, end = s.Length;
        if (left) while (start < end && IsStripped(s[start], chars)) start++;
        if (right) while (end > start && IsStripped(s[end - 1], chars)) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    static bool IsStripped(char c, string? chars) => chars is null ? IsSpace(c) : chars.Contains(c);

    /// <summary>Python's <c>split</c>: on runs of whitespace (dropping empties) when <paramref name="separator"/> is null.</summary>
    public static List<object?> Split(string s, string? separator, long maxSplit)
    {
        var parts = new List<object?>();
        if (separator is null)
        {
            int i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (maxSplit >= 0 && parts.Count == maxSplit)
                {
                    parts.Add(s[i..]);
                    break;
                }
                int start = i;
                while (i < s.Length && !IsSpace(s[i])) i++;
                parts.Add(s[start..i]);
            }
            return parts;
        }
        if (separator.Length == 0) throw new JinjaError("empty separator");
        int from = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            int at = s.IndexOf(separator, from, StringComparison.Ordinal);
            if (at < 0) break;
            parts.Add(s[from..at]);
            from = at + separator.Length;
        }
        parts.Add(s[from..]);
        return parts;
    }

    /// <summary>Python's <c>rsplit</c> (splits from the right when a maximum is given).</summary>
    public static List<object?> RSplit(string s, string? separator, long maxSplit)
    {
        if (maxSplit < 0) return Split(s, separator, maxSplit);
        if (separator is null)
        {
            var words = new List<object?>();
            int end = s.Length;
            while (true)
            {
                while (end > 0 && IsSpace(s[end - 1])) end--;
                if (end == 0) break;
                if (words.Count == maxSplit)
                {
                    words.Add(s[..end]);
                    break;
                }
                int start = end;
                while (start > 0 && !IsSpace(s[start - 1])) start--;
                words.Add(s[start..end]);
                end = start;
            }
            words.Reverse();
            return words;
        }
        if (separator.Length == 0) throw new JinjaError("empty separator");
        var parts = new List<object?>();
        int to = s.Length;
        while (parts.Count < maxSplit)
        {
            int at = to == 0 ? -1 : s.LastIndexOf(separator, to - 1, StringComparison.Ordinal);
            if (at < 0 || at + separator.Length > to) break;
            parts.Insert(0, s[(at + separator.Length)..to]);
            to = at;
        }
        parts.Insert(0, s[..to]);
        return parts;
    }

    /// <summary>Python's <c>splitlines</c> (the line boundaries of <c>str.splitlines</c>, not only <c>\n</c>).</summary>
    public static List<string> SplitLines(string s, bool keepEnds = false)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is not ('\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')) continue;
            int end = c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? i + 2 : i + 1;
            lines.Add(keepEnds ? s[start..end] : s[start..i]);
            start = end;
            i = end - 1;
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    /// <summary>Python's <c>replace</c>, including an empty <paramref name="old"/> (inserted between characters).</summary>
    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0 && old.Length > 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var result = new StringBuilder();
        int from = 0;
        long done = 0;
        if (old.Length == 0)
        {
            foreach (object? ch in CodePoints(s))
            {
                if (count >= 0 && done >= count) { result.Append((string)ch!); continue; }
                result.Append(replacement).Append((string)ch!);
                done++;
            }
            if (count < 0 || done < count) result.Append(replacement);
            return result.ToString();
        }
        while (count < 0 || done < count)
        {
            int at = s.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0) break;
            result.Append(s, from, at - from).Append(replacement);
            from = at + old.Length;
            done++;
        }
        return result.Append(s, from, s.Length - from).ToString();
    }

    /// <summary>Python's <c>str.title</c>: a cased letter after an uncased character starts a word.</summary>
    public static string Title(string s)
    {
        var result = new StringBuilder(s.Length);
        bool previousCased = false;
        foreach (char c in s)
        {
            result.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }
        return result.ToString();
    }

    /// <summary>Python's <c>str.capitalize</c>: first character upper case, the rest lower case.</summary>
    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static long Count(string s, string sub)
    {
        if (sub.Length == 0) return Length(s) + 1;
        long count = 0;
        for (int at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>A code-point index (as Python reports it) for a UTF-16 index.</summary>
    public static long CodePointIndex(string s, int utf16Index) =>
        utf16Index < 0 || !HasSurrogates(s) ? utf16Index : s.AsSpan(0, utf16Index).ToString().EnumerateRunes().Count();
}
