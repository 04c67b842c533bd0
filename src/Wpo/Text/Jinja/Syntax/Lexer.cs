using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Syntax;

/// <summary>
/// Splits template source into data and tag tokens with Jinja 3.1's whitespace rules: <c>-</c> after an opening
/// delimiter strips all whitespace before it, <c>-</c> before a closing delimiter strips all after it, <c>+</c>
/// disables the trimming, <see cref="TemplateOptions.TrimBlocks"/> drops one newline after a block or comment tag,
/// and <see cref="TemplateOptions.LstripBlocks"/> strips indentation before a block or comment tag that starts its
/// line. Comments are dropped here; <c>raw</c> blocks become data.
/// </summary>
internal sealed class Lexer
{
    readonly string source;
    readonly SourceText text;
    readonly TemplateOptions options;
    readonly List<Token> tokens = [];
    int position;
    bool lineStarting = true;

    Lexer(SourceText text, TemplateOptions options)
    {
        this.text = text;
        source = text.Text;
        this.options = options;
    }

    public static List<Token> Tokenize(SourceText text, TemplateOptions options)
    {
        var lexer = new Lexer(text, options);
        lexer.Run();
        return lexer.tokens;
    }

    void Run()
    {
        while (position < source.Length)
        {
            int tag = source.IndexOf('{', position);
            while (tag >= 0 && (tag + 1 >= source.Length || source[tag + 1] is not ('%' or '{' or '#')))
                tag = source.IndexOf('{', tag + 1);
            if (tag < 0)
            {
                EmitData(position, source[position..]);
                return;
            }
            char kind = source[tag + 1];
            char sign = tag + 2 < source.Length && source[tag + 2] is '-' or '+' ? source[tag + 2] : '\0';
            int rawBodyStart = kind == '%' ? MatchRawBegin(tag) : -1;
            string data = StripBeforeTag(source[position..tag], sign, kind != '{');
            EmitData(position, data);
            int afterOpen = tag + 2 + (sign == '\0' ? 0 : 1);
            if (rawBodyStart >= 0)
            {
                lineStarting = source[rawBodyStart - 1] == '\n';
                position = rawBodyStart;
                LexRawBody(tag);
            }
            else if (kind == '#')
            {
                lineStarting = false;
                SkipComment(tag, afterOpen);
            }
            else
            {
                lineStarting = false;
                position = afterOpen;
                LexTag(tag, kind == '%');
            }
        }
    }

    void EmitData(int offset, string data)
    {
        if (data.Length > 0) tokens.Add(new Token(TokenKind.Data, data, offset));
    }

    /// <summary>Whitespace control on the data before a tag (Jinja's <c>OptionalLStrip</c> rule).</summary>
    string StripBeforeTag(string data, char sign, bool isBlockOrComment)
    {
        if (sign == '-') return PyString.RStripWhitespace(data);
        if (sign == '+' || !options.LstripBlocks || !isBlockOrComment) return data;
        int lineStart = data.LastIndexOf('\n') + 1;
        if (lineStart == 0 && !lineStarting) return data;
        for (int i = lineStart; i < data.Length; i++)
            if (data[i] is not (' ' or '\t')) return data;
        return data[..lineStart];
    }

    /// <summary>End of <c>{% raw %}</c> (or <c>{%- raw -%}</c>…) at <paramref name="tag"/>, or -1.</summary>
    int MatchRawBegin(int tag)
    {
        int i = tag + 2;
        if (i < source.Length && source[i] is '-' or '+') i++;
        i = SkipSpaces(i);
        if (string.CompareOrdinal(source, i, "raw", 0, 3) != 0) return -1;
        i = SkipSpaces(i + 3);
        if (string.CompareOrdinal(source, i, "-%}", 0, 3) == 0) return SkipSpaces(i + 3);
        return string.CompareOrdinal(source, i, "%}", 0, 2) == 0 ? i + 2 : -1;
    }

    void LexRawBody(int rawTag)
    {
        for (int tag = source.IndexOf("{%", position, StringComparison.Ordinal); tag >= 0;
             tag = source.IndexOf("{%", tag + 1, StringComparison.Ordinal))
        {
            char sign = tag + 2 < source.Length && source[tag + 2] is '-' or '+' ? source[tag + 2] : '\0';
            int i = SkipSpaces(tag + 2 + (sign == '\0' ? 0 : 1));
            if (string.CompareOrdinal(source, i, "endraw", 0, 6) != 0) continue;
            int end = MatchBlockEnd(SkipSpaces(i + 6));
            if (end < 0) continue;
            EmitData(position, StripBeforeTag(source[position..tag], sign, isBlockOrComment: true));
            lineStarting = source[end - 1] == '\n';
            position = end;
            return;
        }
        throw text.Error(rawTag, "Missing end of raw directive");
    }

    void SkipComment(int tag, int bodyStart)
    {
        int close = source.IndexOf("#}", bodyStart, StringComparison.Ordinal);
        if (close < 0) throw text.Error(tag, "Missing end of comment tag");
        int end = close + 2;
        char before = close > bodyStart ? source[close - 1] : '\0';
        if (before == '-') end = SkipSpaces(end);
        else if (before != '+' && options.TrimBlocks && end < source.Length && source[end] == '\n') end++;
        lineStarting = source[end - 1] == '\n';
        position = end;
    }

    /// <summary>End of a block closing delimiter (<c>%}</c>, <c>-%}</c>, <c>+%}</c>) at <paramref name="i"/>, or -1.</summary>
    int MatchBlockEnd(int i)
    {
        if (string.CompareOrdinal(source, i, "+%}", 0, 3) == 0) return i + 3;
        if (string.CompareOrdinal(source, i, "-%}", 0, 3) == 0) return SkipSpaces(i + 3);
        if (string.CompareOrdinal(source, i, "%}", 0, 2) != 0) return -1;
        return options.TrimBlocks && i + 2 < source.Length && source[i + 2] == '\n' ? i + 3 : i + 2;
    }

    int MatchVariableEnd(int i)
    {
        if (string.CompareOrdinal(source, i, "-}}", 0, 3) == 0) return SkipSpaces(i + 3);
        return string.CompareOrdinal(source, i, "}}", 0, 2) == 0 ? i + 2 : -1;
    }

    int SkipSpaces(int i)
    {
        while (i < source.Length && PyString.IsSpace(source[i])) i++;
        return i;
    }

    void LexTag(int tagStart, bool isBlock)
    {
        tokens.Add(new Token(isBlock ? TokenKind.BlockBegin : TokenKind.VariableBegin, isBlock ? "{%" : "{{", tagStart));
        var brackets = new Stack<char>();
        while (true)
        {
            if (position >= source.Length)
                throw text.Error(tagStart, $"Unexpected end of template inside {(isBlock ? "a statement block" : "a print statement")}; the tag is never closed.");
            if (brackets.Count == 0)
            {
                int end = isBlock ? MatchBlockEnd(position) : MatchVariableEnd(position);
                if (end >= 0)
                {
                    tokens.Add(new Token(isBlock ? TokenKind.BlockEnd : TokenKind.VariableEnd, isBlock ? "%}" : "}}", position));
                    lineStarting = source[end - 1] == '\n';
                    position = end;
                    return;
                }
            }
            if (PyString.IsSpace(source[position]))
            {
                position = SkipSpaces(position);
                continue;
            }
            Token token = TagTokenScanner.Scan(source, position, text, out int tokenEnd);
            if (token.Kind == TokenKind.Operator) Balance(brackets, token);
            tokens.Add(token);
            position = tokenEnd;
        }
    }

    void Balance(Stack<char> brackets, Token token)
    {
        switch (token.Text)
        {
            case "(": brackets.Push(')'); break;
            case "[": brackets.Push(']'); break;
            case "{": brackets.Push('}'); break;
            case ")" or "]" or "}":
                if (brackets.Count == 0) throw text.Error(token.Offset, $"unexpected '{token.Text}'");
                char expected = brackets.Pop();
                if (expected != token.Text[0]) throw text.Error(token.Offset, $"unexpected '{token.Text}', expected '{expected}'");
                break;
        }
    }
}
