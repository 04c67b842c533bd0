using Wpo.Text.Jinja.Nodes;

namespace Wpo.Text.Jinja.Syntax;

/// <summary>
/// Expressions, with Jinja's precedence (loosest first): conditional, <c>or</c>, <c>and</c>, <c>not</c>,
/// comparisons, <c>+ -</c>, <c>~</c>, <c>* / // %</c>, <c>**</c>, unary <c>- +</c>, then postfix access and calls,
/// with filters (<c>|</c>) and tests (<c>is</c>) binding tighter than any operator.
/// </summary>
internal sealed partial class Parser
{
    const int MaxNesting = 100;
    static readonly HashSet<string> ComparisonOperators = ["==", "!=", "<", "<=", ">", ">="];

    int nesting;

    Expression ParseExpression(bool withConditional = true) => ParseNested(withConditional ? ParseConditional : ParseOr);

    Expression ParseConditional()
    {
        int firstUnknown = unknownNames.Count;
        Expression expression = ParseOr();
        while (stream.Current.IsName("if"))
        {
            MarkUnknownNamesConditional(firstUnknown);
            int offset = stream.Next().Offset;
            Expression condition = ParseOr();
            Expression? otherwise = stream.SkipIfName("else") ? ParseNested(ParseConditional) : null;
            MarkUnknownNamesConditional(firstUnknown);
            expression = new Conditional(offset, condition, expression, otherwise);
        }
        return expression;
    }

    Expression ParseOr()
    {
        Expression left = ParseAnd();
        while (stream.Current.IsName("or"))
            left = new Logical(stream.Next().Offset, isAnd: false, left, ParseAnd());
        return left;
    }

    Expression ParseAnd()
    {
        Expression left = ParseNot();
        while (stream.Current.IsName("and"))
            left = new Logical(stream.Next().Offset, isAnd: true, left, ParseNot());
        return left;
    }

    Expression ParseNot() =>
        stream.Current.IsName("not") ? new Not(stream.Next().Offset, ParseNested(ParseNot)) : ParseComparison();

    /// <summary>Parses a nested part, failing cleanly on absurd depth rather than overflowing the stack.</summary>
    Expression ParseNested(Func<Expression> parse)
    {
        if (++nesting > MaxNesting) throw stream.Error(stream.Current.Offset, "expression nested too deeply");
        try
        {
            return parse();
        }
        finally
        {
            nesting--;
        }
    }

    Expression ParseComparison()
    {
        Expression first = ParseAdditive();
        var rest = new List<(string, Expression)>();
        while (true)
        {
            Token token = stream.Current;
            if (token.Kind == TokenKind.Operator && ComparisonOperators.Contains(token.Text))
            {
                stream.Next();
                rest.Add((token.Text, ParseAdditive()));
            }
            else if (token.IsName("in"))
            {
                stream.Next();
                rest.Add(("in", ParseAdditive()));
            }
            else if (token.IsName("not") && stream.Peek().IsName("in"))
            {
                stream.Next();
                stream.Next();
                rest.Add(("not in", ParseAdditive()));
            }
            else break;
        }
        return rest.Count == 0 ? first : new Comparison(first.Offset, first, [.. rest]);
    }

    Expression ParseAdditive()
    {
        Expression left = ParseConcat();
        while (stream.Current.IsOperator("+") || stream.Current.IsOperator("-"))
        {
            Token op = stream.Next();
            left = new BinaryOperation(op.Offset, op.Text, left, ParseConcat());
        }
        return left;
    }

    Expression ParseConcat()
    {
        var operands = new List<Expression> { ParseMultiplicative() };
        while (stream.SkipIfOperator("~")) operands.Add(ParseMultiplicative());
        return operands.Count == 1 ? operands[0] : new Concat(operands[0].Offset, [.. operands]);
    }

    Expression ParseMultiplicative()
    {
        Expression left = ParsePower();
        while (stream.Current.Kind == TokenKind.Operator && stream.Current.Text is "*" or "/" or "//" or "%")
        {
            Token op = stream.Next();
            left = new BinaryOperation(op.Offset, op.Text, left, ParsePower());
        }
        return left;
    }

    /// <summary><c>**</c> is left-associative in Jinja (<c>2 ** 3 ** 2</c> is 64), unlike Python.</summary>
    Expression ParsePower()
    {
        Expression left = ParseUnary(withFilter: true);
        while (stream.Current.IsOperator("**"))
        {
            Token op = stream.Next();
            left = new BinaryOperation(op.Offset, op.Text, left, ParseUnary(withFilter: true));
        }
        return left;
    }

    Expression ParseUnary(bool withFilter)
    {
        Token token = stream.Current;
        Expression node;
        if (token.IsOperator("-") || token.IsOperator("+"))
        {
            stream.Next();
            node = new UnaryOperation(token.Offset, token.Text == "-", ParseNested(() => ParseUnary(withFilter: false)));
        }
        else node = ParsePrimary();
        node = ParsePostfix(node);
        return withFilter ? ParseFilterExpression(node) : node;
    }

    Expression ParsePrimary()
    {
        Token token = stream.Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                stream.Next();
                switch (token.Text)
                {
                    case "true" or "True": return new Constant(token.Offset, true);
                    case "false" or "False": return new Constant(token.Offset, false);
                    case "none" or "None": return new Constant(token.Offset, null);
                }
                if (macroNames.Count > 0) macroNames.Peek().Add(token.Text);
                return new Name(token.Offset, token.Text);
            case TokenKind.String:
                string text = (string)stream.Next().Value!;
                while (stream.Current.Kind == TokenKind.String) text += (string)stream.Next().Value!;
                return new Constant(token.Offset, text);
            case TokenKind.Integer or TokenKind.Float:
                return new Constant(token.Offset, stream.Next().Value);
            case TokenKind.Operator when token.Text == "(":
                stream.Next();
                Expression inner = ParseTuple(explicitParentheses: true);
                stream.ExpectOperator(")");
                return inner;
            case TokenKind.Operator when token.Text == "[":
                stream.Next();
                var items = new List<Expression>();
                while (!stream.Current.IsOperator("]"))
                {
                    if (items.Count > 0) stream.ExpectOperator(",");
                    if (stream.Current.IsOperator("]")) break;
                    items.Add(ParseExpression());
                }
                stream.ExpectOperator("]");
                return new ListLiteral(token.Offset, [.. items]);
            case TokenKind.Operator when token.Text == "{":
                stream.Next();
                var entries = new List<(Expression, Expression)>();
                while (!stream.Current.IsOperator("}"))
                {
                    if (entries.Count > 0) stream.ExpectOperator(",");
                    if (stream.Current.IsOperator("}")) break;
                    Expression key = ParseExpression();
                    stream.ExpectOperator(":");
                    entries.Add((key, ParseExpression()));
                }
                stream.ExpectOperator("}");
                return new DictLiteral(token.Offset, [.. entries]);
            default:
                throw stream.Error(token.Offset, $"unexpected {token.Describe()}");
        }
    }

    /// <summary>
    /// Jinja's <c>parse_tuple</c>: one expression, or a tuple when commas separate several (a trailing comma makes
    /// a one-item tuple). <paramref name="simplified"/> allows only primaries (assignment targets).
    /// </summary>
    Expression ParseTuple(bool simplified = false, bool withConditional = true, string? extraEndName = null, bool explicitParentheses = false)
    {
        int offset = stream.Current.Offset;
        var items = new List<Expression>();
        bool isTuple = false;
        while (true)
        {
            if (items.Count > 0) stream.ExpectOperator(",");
            Token current = stream.Current;
            if (current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || current.IsOperator(")")
                || (extraEndName is not null && current.IsName(extraEndName))) break;
            items.Add(simplified ? ParsePrimary() : ParseExpression(withConditional));
            if (stream.Current.IsOperator(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count > 0) return items[0];
            if (!explicitParentheses) throw stream.Error(stream.Current.Offset, $"Expected an expression, got {stream.Current.Describe()}");
        }
        return new TupleLiteral(offset, [.. items]);
    }
}
