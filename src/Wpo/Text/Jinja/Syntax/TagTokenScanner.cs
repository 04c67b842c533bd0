using System.Globalization;

namespace Wpo.Text.Jinja.Syntax;

/// <summary>Scans one token inside <c>{{ }}</c> or <c>{% %}</c>: a float, integer, name, string or operator.</summary>
internal static class TagTokenScanner
{
    static readonly string[] Operators =
        ["//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"];

    public static Token Scan(string source, int start, SourceText text, out int end)
    {
        char c = source[start];
        if (char.IsAsciiDigit(c)) return ScanNumber(source, start, text, out end);
        if (char.IsLetter(c) || c == '_')
        {
            end = start + 1;
            while (end < source.Length && (char.IsLetterOrDigit(source[end]) || source[end] == '_')) end++;
            return new Token(TokenKind.Name, source[start..end], start);
        }
        if (c is '\'' or '"') return ScanString(source, start, text, out end);
        foreach (string op in Operators)
            if (string.CompareOrdinal(source, start, op, 0, op.Length) == 0)
            {
                end = start + op.Length;
                return new Token(TokenKind.Operator, op, start);
            }
        throw text.Error(start, $"unexpected char '{c}' in a tag");
    }

    static Token ScanNumber(string source, int start, SourceText text, out int end)
    {
        if (source[start] == '0' && start + 1 < source.Length && char.ToLowerInvariant(source[start + 1]) is 'x' or 'o' or 'b')
            return ScanPrefixedInteger(source, start, out end);
        int i = ScanDigits(source, start);
        bool isFloat = false;
        // Jinja's float rule does not apply right after a dot, so `x.0.1` is two integer subscripts.
        bool afterDot = start > 0 && source[start - 1] == '.';
        if (!afterDot && i + 1 < source.Length && source[i] == '.' && char.IsAsciiDigit(source[i + 1]))
        {
            i = ScanDigits(source, i + 1);
            isFloat = true;
        }
        if (!afterDot && i < source.Length && source[i] is 'e' or 'E')
        {
            int j = i + 1;
            if (j < source.Length && source[j] is '+' or '-') j++;
            if (j < source.Length && char.IsAsciiDigit(source[j]))
            {
                i = ScanDigits(source, j);
                isFloat = true;
            }
        }
        end = i;
        string digits = source[start..i].Replace("_", "");
        if (isFloat) return new Token(TokenKind.Float, source[start..i], start, double.Parse(digits, CultureInfo.InvariantCulture));
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw text.Error(start, $"integer literal {digits} does not fit in 64 bits");
        return new Token(TokenKind.Integer, source[start..i], start, value);
    }

    static int ScanDigits(string source, int i)
    {
        while (i < source.Length && (char.IsAsciiDigit(source[i]) || (source[i] == '_' && i + 1 < source.Length && char.IsAsciiDigit(source[i + 1])))) i++;
        return i;
    }

    static Token ScanPrefixedInteger(string source, int start, out int end)
    {
        int radix = char.ToLowerInvariant(source[start + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
        int i = start + 2;
        long value = 0;
        while (i < source.Length)
        {
            char c = source[i];
            if (c == '_') { i++; continue; }
            int digit = char.IsAsciiHexDigit(c) ? Convert.ToInt32(c.ToString(), 16) : -1;
            if (digit < 0 || digit >= radix) break;
            value = checked(value * radix + digit);
            i++;
        }
        end = i;
        return new Token(TokenKind.Integer, source[start..i], start, value);
    }

    static Token ScanString(string source, int start, SourceText text, out int end)
    {
        char quote = source[start];
        int i = start + 1;
        while (i < source.Length && source[i] != quote)
            i += source[i] == '\\' ? 2 : 1;
        if (i >= source.Length) throw text.Error(start, "unterminated string literal");
        end = i + 1;
        string body = source[(start + 1)..i];
        return new Token(TokenKind.String, source[start..end], start, StringLiteral.Unescape(body, start + 1, text));
    }
}
