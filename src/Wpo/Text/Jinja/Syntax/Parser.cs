using Wpo.Text.Jinja.Nodes;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Syntax;

/// <summary>
/// Builds the statement tree from tokens, following Jinja 3.1's grammar for the tags chat templates use:
/// <c>if</c>, <c>for</c>, <c>set</c>, <c>macro</c>, <c>call</c>, <c>filter</c>, <c>with</c>, <c>print</c>,
/// <c>break</c>, <c>continue</c> and transformers' <c>generation</c>. Expressions are in the other part.
/// </summary>
internal sealed partial class Parser
{
    static readonly HashSet<string> BlockTags = ["if", "for", "set", "macro", "call", "filter", "with", "generation"];
    static readonly HashSet<string> UnsupportedTags = ["block", "extends", "include", "import", "from", "autoescape", "do", "trans"];

    readonly TokenStream stream;
    readonly Stack<string[]> endTagStack = new();
    readonly Stack<string> openTags = new();
    readonly Stack<HashSet<string>> macroNames = new();

    Parser(SourceText source, List<Token> tokens) => stream = new TokenStream(tokens, source);

    public static Statement[] Parse(SourceText source, TemplateOptions options)
    {
        var parser = new Parser(source, Lexer.Tokenize(source, options));
        Statement[] body = parser.ParseBody(null);
        parser.FailOnUnknownNamesOutsideConditions();
        return body;
    }

    /// <summary>Statements up to one of <paramref name="endTags"/> (left unread) or the end of the template.</summary>
    Statement[] ParseBody(string[]? endTags)
    {
        if (!StackGuard.HasRoom) throw stream.Error(stream.Current.Offset, "blocks nested too deeply");
        var body = new List<Statement>();
        if (endTags is not null) endTagStack.Push(endTags);
        try
        {
            while (true)
            {
                Token token = stream.Current;
                switch (token.Kind)
                {
                    case TokenKind.Data:
                        body.Add(new TextOutput(token.Offset, stream.Next().Text));
                        break;
                    case TokenKind.VariableBegin:
                        stream.Next();
                        body.Add(new ExpressionOutput(token.Offset, ParseTuple()));
                        stream.Expect(TokenKind.VariableEnd, "end of print statement '}}'");
                        break;
                    case TokenKind.BlockBegin:
                        stream.Next();
                        if (endTags is not null && stream.Current.Kind == TokenKind.Name && endTags.Contains(stream.Current.Text))
                            return [.. body];
                        body.Add(ParseStatement());
                        stream.Expect(TokenKind.BlockEnd, "end of statement block '%}'");
                        break;
                    case TokenKind.End:
                        if (endTags is not null) throw UnclosedOrUnknown(null, token.Offset);
                        return [.. body];
                    default:
                        throw stream.Unexpected("template data or a tag");
                }
            }
        }
        finally
        {
            if (endTags is not null) endTagStack.Pop();
        }
    }

    /// <summary>Jinja's <c>parse_statements</c>: the rest of the opening tag, then the body up to an end tag.</summary>
    Statement[] ParseBlockBody(string[] endTags, bool dropEndTag = false)
    {
        stream.SkipIfOperator(":");
        stream.Expect(TokenKind.BlockEnd, "end of statement block '%}'");
        Statement[] body = ParseBody(endTags);
        if (dropEndTag) stream.Next();
        return body;
    }

    TemplateException UnclosedOrUnknown(string? tag, int offset)
    {
        var message = new List<string> { tag is null ? "Unexpected end of template." : $"Encountered unknown tag '{tag}'." };
        if (endTagStack.Count > 0)
        {
            string looking = string.Join(" or ", endTagStack.Peek().Select(t => $"'{t}'"));
            message.Add(tag is not null && endTagStack.Any(tags => tags.Contains(tag))
                ? $"You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for {looking}."
                : $"Jinja was looking for the following tags: {looking}.");
        }
        if (openTags.Count > 0) message.Add($"The innermost block that needs to be closed is '{openTags.Peek()}'.");
        return stream.Error(offset, string.Join(" ", message));
    }

    Statement ParseStatement()
    {
        Token token = stream.Current;
        if (token.Kind != TokenKind.Name) throw stream.Error(token.Offset, "tag name expected");
        if (UnsupportedTags.Contains(token.Text))
            throw stream.Error(token.Offset, $"The '{token.Text}' tag is not supported by this chat-template interpreter.");
        if (token.Text is "print")
        {
            stream.Next();
            return new ExpressionOutput(token.Offset, ParseTuple());
        }
        if (token.Text is "break" or "continue")
        {
            stream.Next();
            if (loopDepth == 0) throw stream.Error(token.Offset, $"'{token.Text}' outside of a loop");
            return new LoopControl(token.Offset, token.Text == "break" ? Flow.Break : Flow.Continue);
        }
        if (!BlockTags.Contains(token.Text)) throw UnclosedOrUnknown(token.Text, token.Offset);
        openTags.Push(token.Text);
        try
        {
            stream.Next();
            return token.Text switch
            {
                "if" => ParseIf(token.Offset),
                "for" => ParseFor(token.Offset),
                "set" => ParseSet(token.Offset),
                "macro" => ParseMacro(token.Offset),
                "call" => ParseCallBlock(token.Offset),
                "filter" => new FilterBlock(token.Offset, ParseFilterChain(null, startInline: true)!,
                    InNewFrame(() => ParseBlockBody(["endfilter"], dropEndTag: true))),
                "with" => ParseWith(token.Offset),
                _ => new GenerationBlock(token.Offset, InNewFrame(() => ParseBlockBody(["endgeneration"], dropEndTag: true))),
            };
        }
        finally
        {
            openTags.Pop();
        }
    }

    Statement ParseIf(int offset) => InFrame(loopDepth, soft: true, () => ParseIfBranches(offset));

    Statement ParseIfBranches(int offset)
    {
        var branches = new List<(Expression, Statement[])>();
        Expression condition = ParseTuple(withConditional: false);
        while (true)
        {
            branches.Add((condition, ParseBlockBody(["elif", "else", "endif"])));
            string tag = stream.Next().Text;
            if (tag == "elif")
            {
                condition = ParseTuple(withConditional: false);
                continue;
            }
            Statement[] otherwise = tag == "else" ? ParseBlockBody(["endif"], dropEndTag: true) : [];
            return new IfStatement(offset, [.. branches], otherwise);
        }
    }

    Statement ParseFor(int offset)
    {
        AssignTarget target = ParseAssignTarget(extraEndName: "in");
        stream.ExpectName("in");
        Expression items = ParseTuple(withConditional: false, extraEndName: "recursive");
        Expression? condition = stream.SkipIfName("if") ? ParseExpression() : null;
        bool recursive = stream.SkipIfName("recursive");
        Statement[] body = InFrame(loopDepth + 1, soft: false, () => ParseBlockBody(["endfor", "else"]));
        Statement[] otherwise = stream.Next().Text == "else"
            ? InFrame(loopDepth, soft: false, () => ParseBlockBody(["endfor"], dropEndTag: true))
            : [];
        return new ForStatement(offset, target, items, condition, body, otherwise, recursive);
    }

    Statement ParseSet(int offset)
    {
        AssignTarget target = ParseAssignTarget(withNamespace: true);
        if (stream.SkipIfOperator("=")) return new Assignment(offset, target, ParseTuple());
        FilterCall? filter = ParseFilterChain(null);
        return new BlockAssignment(offset, target, filter, InNewFrame(() => ParseBlockBody(["endset"], dropEndTag: true)));
    }

    Statement ParseMacro(int offset)
    {
        string name = stream.Expect(TokenKind.Name, "macro name").Text;
        var (parameters, defaults) = ParseSignature();
        var (body, used) = ParseCallableBody("endmacro");
        return new MacroDefinition(offset, Signature(name, parameters, defaults, used), body);
    }

    Statement ParseCallBlock(int offset)
    {
        var (parameters, defaults) = stream.Current.IsOperator("(") ? ParseSignature() : ([], []);
        Token at = stream.Current;
        if (ParseExpression() is not Call call) throw stream.Error(at.Offset, "expected a call expression after 'call'");
        var (body, used) = ParseCallableBody("endcall");
        return new CallBlock(offset, call.Callee, call.Arguments, Signature("caller", parameters, defaults, used), body);
    }

    static MacroSignature Signature(string name, List<string> parameters, List<Expression?> defaults, HashSet<string> used) =>
        new(name, [.. parameters], [.. defaults], used.Contains("varargs"), used.Contains("kwargs"), used.Contains("caller"));

    (Statement[] Body, HashSet<string> UsedNames) ParseCallableBody(string endTag)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        macroNames.Push(used);
        try
        {
            return (InNewFrame(() => ParseBlockBody([endTag], dropEndTag: true)), used);
        }
        finally
        {
            macroNames.Pop();
        }
    }

    (List<string> Parameters, List<Expression?> Defaults) ParseSignature()
    {
        var parameters = new List<string>();
        var defaults = new List<Expression?>();
        stream.ExpectOperator("(");
        while (!stream.Current.IsOperator(")"))
        {
            if (parameters.Count > 0) stream.ExpectOperator(",");
            Token name = stream.Expect(TokenKind.Name, "parameter name");
            parameters.Add(name.Text);
            if (stream.SkipIfOperator("=")) defaults.Add(ParseExpression());
            else if (defaults.Count > 0 && defaults[^1] is not null) throw stream.Error(name.Offset, "non-default argument follows default argument");
            else defaults.Add(null);
        }
        stream.ExpectOperator(")");
        return (parameters, defaults);
    }

    Statement ParseWith(int offset)
    {
        var bindings = new List<(AssignTarget, Expression)>();
        while (stream.Current.Kind != TokenKind.BlockEnd)
        {
            if (bindings.Count > 0) stream.ExpectOperator(",");
            AssignTarget target = ParseAssignTarget();
            stream.ExpectOperator("=");
            bindings.Add((target, ParseExpression()));
        }
        return new WithStatement(offset, [.. bindings], InFrame(loopDepth, soft: false, () => ParseBlockBody(["endwith"], dropEndTag: true)));
    }

    /// <summary>A <c>set</c>/<c>for</c>/<c>with</c> target: a name, names separated by commas, or <c>ns.attr</c>.</summary>
    AssignTarget ParseAssignTarget(bool withNamespace = false, string? extraEndName = null)
    {
        if (withNamespace && stream.Current.Kind == TokenKind.Name && stream.Peek().IsOperator("."))
        {
            string name = stream.Next().Text;
            stream.Next();
            return new NamespaceTarget(name, stream.Expect(TokenKind.Name, "attribute name").Text);
        }
        Token at = stream.Current;
        return ToTarget(ParseTuple(simplified: true, extraEndName: extraEndName), at.Offset);
    }

    AssignTarget ToTarget(Expression expression, int offset) => expression switch
    {
        Name name => new NameTarget(name.Identifier),
        TupleLiteral tuple => new TupleTarget(tuple.Items.Select(item => ToTarget(item, item.Offset)).ToArray()),
        _ => throw stream.Error(offset, "can't assign to this expression"),
    };
}
