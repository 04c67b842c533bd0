using Wpo.Text.Jinja.Library;
using Wpo.Text.Jinja.Nodes;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Syntax;

/// <summary>
/// What follows a primary expression: <c>.name</c>, <c>[key]</c>, <c>[start:stop:step]</c>, calls with positional,
/// keyword, <c>*args</c> and <c>**kwargs</c> arguments, filters (<c>| name(args)</c>) and tests (<c>is [not] name arg</c>).
/// Filters and tests are looked up here, so an unknown one is a parse error, as in Jinja.
/// </summary>
internal sealed partial class Parser
{
    Expression ParsePostfix(Expression node)
    {
        while (true)
        {
            Token token = stream.Current;
            if (token.IsOperator(".") || token.IsOperator("[")) node = ParseSubscript(node);
            else if (token.IsOperator("(")) node = new Call(token.Offset, node, ParseCallArguments());
            else return node;
        }
    }

    Expression ParseFilterExpression(Expression node)
    {
        while (true)
        {
            Token token = stream.Current;
            if (token.IsOperator("|")) node = ParseFilterChain(node)!;
            else if (token.IsName("is")) node = ParseTest(node);
            else if (token.IsOperator("(")) node = new Call(token.Offset, node, ParseCallArguments());
            else return node;
        }
    }

    Expression ParseSubscript(Expression node)
    {
        Token token = stream.Next();
        if (token.Text == ".")
        {
            Token attribute = stream.Next();
            if (attribute.Kind == TokenKind.Name) return new GetAttribute(token.Offset, node, attribute.Text);
            if (attribute.Kind == TokenKind.Integer) return new GetItem(token.Offset, node, new Constant(attribute.Offset, attribute.Value));
            throw stream.Error(attribute.Offset, "expected name or number after '.'");
        }
        var subscripts = new List<Expression>();
        while (!stream.Current.IsOperator("]"))
        {
            if (subscripts.Count > 0) stream.ExpectOperator(",");
            Expression subscript = ParseSubscribed(node, token.Offset);
            if (subscript is SliceItem slice) return ExpectCloseBracket(slice);
            subscripts.Add(subscript);
        }
        stream.ExpectOperator("]");
        if (subscripts.Count == 0) throw stream.Error(token.Offset, "expected a subscript expression");
        Expression key = subscripts.Count == 1 ? subscripts[0] : new TupleLiteral(token.Offset, [.. subscripts]);
        return new GetItem(token.Offset, node, key);
    }

    Expression ExpectCloseBracket(Expression slice)
    {
        stream.ExpectOperator("]");
        return slice;
    }

    /// <summary>An index expression, or a slice <c>start:stop:step</c> of <paramref name="target"/>.</summary>
    Expression ParseSubscribed(Expression target, int offset)
    {
        Expression? start = null;
        if (!stream.Current.IsOperator(":"))
        {
            start = ParseExpression();
            if (!stream.Current.IsOperator(":")) return start;
        }
        stream.Next();
        bool AtBoundEnd() => stream.Current.IsOperator("]") || stream.Current.IsOperator(",") || stream.Current.IsOperator(":");
        Expression? stop = AtBoundEnd() ? null : ParseExpression();
        Expression? step = null;
        if (stream.SkipIfOperator(":") && !(stream.Current.IsOperator("]") || stream.Current.IsOperator(",")))
            step = ParseExpression();
        return new SliceItem(offset, target, start, stop, step);
    }

    ArgumentList ParseCallArguments()
    {
        Token open = stream.ExpectOperator("(");
        var positional = new List<Expression>();
        var keywords = new List<(string, Expression)>();
        Expression? spreadPositional = null, spreadKeywords = null;
        void Ensure(bool valid)
        {
            if (!valid) throw stream.Error(open.Offset, "invalid syntax for function call expression");
        }
        bool requireComma = false;
        while (!stream.Current.IsOperator(")"))
        {
            if (requireComma)
            {
                stream.ExpectOperator(",");
                if (stream.Current.IsOperator(")")) break;
            }
            if (stream.SkipIfOperator("*"))
            {
                Ensure(spreadPositional is null && spreadKeywords is null);
                spreadPositional = ParseExpression();
            }
            else if (stream.SkipIfOperator("**"))
            {
                Ensure(spreadKeywords is null);
                spreadKeywords = ParseExpression();
            }
            else if (stream.Current.Kind == TokenKind.Name && stream.Peek().IsOperator("="))
            {
                Ensure(spreadKeywords is null);
                string name = stream.Next().Text;
                stream.Next();
                keywords.Add((name, ParseExpression()));
            }
            else
            {
                Ensure(spreadPositional is null && spreadKeywords is null && keywords.Count == 0);
                positional.Add(ParseExpression());
            }
            requireComma = true;
        }
        stream.ExpectOperator(")");
        return new ArgumentList([.. positional], [.. keywords], spreadPositional, spreadKeywords);
    }

    /// <summary><c>| name(args) | other</c>… (or, for <c>{% filter %}</c>, starting at the name).</summary>
    FilterCall? ParseFilterChain(Expression? node, bool startInline = false)
    {
        FilterCall? chain = null;
        while (stream.Current.IsOperator("|") || startInline)
        {
            if (!startInline) stream.Next();
            startInline = false;
            Token name = stream.Expect(TokenKind.Name, "filter name");
            Filter filter = Filters.TryGet(name.Text, out Filter known) ? known : DeferUnknown<Filter>(name, "filter", message => (_, _, _) => throw new JinjaError(message));
            ArgumentList arguments = stream.Current.IsOperator("(") ? ParseCallArguments() : ArgumentList.Empty;
            chain = new FilterCall(name.Offset, (Expression?)chain ?? node, filter, arguments);
        }
        return chain;
    }

    Expression ParseTest(Expression node)
    {
        Token isToken = stream.Next();
        bool negated = stream.SkipIfName("not");
        Token name = stream.Expect(TokenKind.Name, "test name");
        Test test = Tests.TryGet(name.Text, out Test known) ? known : DeferUnknown<Test>(name, "test", message => (_, _, _) => throw new JinjaError(message));
        ArgumentList arguments = ArgumentList.Empty;
        Token next = stream.Current;
        if (next.IsOperator("(")) arguments = ParseCallArguments();
        else if ((next.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || next.IsOperator("[") || next.IsOperator("{"))
                 && !next.IsName("else") && !next.IsName("or") && !next.IsName("and"))
        {
            if (next.IsName("is")) throw stream.Error(next.Offset, "You cannot chain multiple tests with is");
            arguments = new ArgumentList([ParsePostfix(ParsePrimary())], [], null, null);
        }
        Expression result = new TestCall(isToken.Offset, node, test, arguments);
        return negated ? new Not(isToken.Offset, result) : result;
    }
}
