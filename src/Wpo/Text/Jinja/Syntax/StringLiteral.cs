using System.Globalization;
using System.Text;

namespace Wpo.Text.Jinja.Syntax;

/// <summary>Decodes a string literal's body as Jinja does, with Python's <c>unicode-escape</c> rules.</summary>
internal static class StringLiteral
{
    public static string Unescape(string body, int offset, SourceText text)
    {
        if (!body.Contains('\\')) return body;
        var result = new StringBuilder(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                result.Append(c);
                continue;
            }
            char e = body[++i];
            switch (e)
            {
                case '\n': break;
                case '\\': result.Append('\\'); break;
                case '\'': result.Append('\''); break;
                case '"': result.Append('"'); break;
                case 'a': result.Append('\a'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'v': result.Append('\v'); break;
                case 'x': i = AppendHex(body, i, 2, result, offset, text); break;
                case 'u': i = AppendHex(body, i, 4, result, offset, text); break;
                case 'U': i = AppendHex(body, i, 8, result, offset, text); break;
                case >= '0' and <= '7':
                    int end = i;
                    while (end < body.Length && end < i + 3 && body[end] is >= '0' and <= '7') end++;
                    result.Append((char)Convert.ToInt32(body[i..end], 8));
                    i = end - 1;
                    break;
                default: result.Append('\\').Append(e); break;
            }
        }
        return result.ToString();
    }

    static int AppendHex(string body, int escape, int digits, StringBuilder result, int offset, SourceText text)
    {
        int start = escape + 1;
        if (start + digits > body.Length || !int.TryParse(body.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
            || code > 0x10FFFF)
            throw text.Error(offset + escape - 1, $"truncated or invalid \\{body[escape]} escape in a string literal");
        if (code <= 0xFFFF) result.Append((char)code);
        else result.Append(char.ConvertFromUtf32(code));
        return start + digits - 1;
    }
}
