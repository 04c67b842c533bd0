namespace Wpo.Text.Jinja.Syntax;

internal enum TokenKind
{
    Data,
    BlockBegin,
    BlockEnd,
    VariableBegin,
    VariableEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

/// <summary>
/// One lexical token. <see cref="Text"/> is the name, operator or template data; <see cref="Value"/> is the
/// decoded literal for strings (string), integers (long) and floats (double). <see cref="Offset"/> indexes the
/// normalised source, for line and column in errors.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset, object? Value = null)
{
    public bool IsName(string name) => Kind == TokenKind.Name && Text == name;

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;

    /// <summary>How the token reads in an error message, in Jinja's words.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of template",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.BlockBegin => "begin of statement block",
        TokenKind.VariableBegin => "begin of print statement",
        TokenKind.Data => "template data",
        TokenKind.String => "string literal",
        _ => $"'{Text}'",
    };
}
