namespace Wpo.Text.Jinja.Syntax;

/// <summary>A cursor over the lexer's tokens, with the checks the parser needs.</summary>
internal sealed class TokenStream(List<Token> tokens, SourceText source)
{
    int index;

    public Token Current => index < tokens.Count ? tokens[index] : EndToken;

    Token EndToken => new(TokenKind.End, "", source.Text.Length);

    public Token Peek(int ahead = 1) => index + ahead < tokens.Count ? tokens[index + ahead] : EndToken;

    public Token Next()
    {
        Token token = Current;
        if (index < tokens.Count) index++;
        return token;
    }

    public bool SkipIfName(string name)
    {
        if (!Current.IsName(name)) return false;
        index++;
        return true;
    }

    public bool SkipIfOperator(string op)
    {
        if (!Current.IsOperator(op)) return false;
        index++;
        return true;
    }

    public Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind) throw Unexpected(what);
        return Next();
    }

    public Token ExpectOperator(string op)
    {
        if (!Current.IsOperator(op)) throw Unexpected($"'{op}'");
        return Next();
    }

    public Token ExpectName(string name)
    {
        if (!Current.IsName(name)) throw Unexpected($"'{name}'");
        return Next();
    }

    public TemplateException Unexpected(string expected) =>
        source.Error(Current.Offset, $"expected {expected}, got {Current.Describe()}");

    public TemplateException Error(int offset, string description) => source.Error(offset, description);
}
