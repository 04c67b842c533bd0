using System.Text;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary>An arithmetic operator: <c>+ - * / // % **</c>.</summary>
internal sealed class BinaryOperation(int offset, string op, Expression left, Expression right) : Expression(offset)
{
    readonly Func<object?, object?, object?> apply = op switch
    {
        "+" => PyArithmetic.Add,
        "-" => PyArithmetic.Subtract,
        "*" => PyArithmetic.Multiply,
        "/" => PyArithmetic.Divide,
        "//" => PyArithmetic.FloorDivide,
        "%" => PyArithmetic.Modulo,
        "**" => PyArithmetic.Power,
        _ => throw new ArgumentException($"not an arithmetic operator: {op}", nameof(op)),
    };

    protected override object? EvaluateCore(RenderState state) => apply(left.Evaluate(state), right.Evaluate(state));
}

/// <summary><c>-x</c>, <c>+x</c>.</summary>
internal sealed class UnaryOperation(int offset, bool negate, Expression operand) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        object? value = operand.Evaluate(state);
        return negate ? PyArithmetic.Negate(value) : PyArithmetic.Positive(value);
    }
}

/// <summary><c>not x</c>.</summary>
internal sealed class Not(int offset, Expression operand) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state) => !Py.IsTrue(operand.Evaluate(state));
}

/// <summary><c>a and b</c> / <c>a or b</c>: short-circuit, returning an operand as Python does.</summary>
internal sealed class Logical(int offset, bool isAnd, Expression left, Expression right) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        object? first = left.Evaluate(state);
        return Py.IsTrue(first) == isAnd ? right.Evaluate(state) : first;
    }
}

/// <summary><c>a ~ b ~ c</c>: the operands' <c>str()</c> joined.</summary>
internal sealed class Concat(int offset, Expression[] operands) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        var builder = new StringBuilder();
        foreach (var operand in operands) builder.Append(PyFormat.Str(operand.Evaluate(state)));
        return builder.ToString();
    }
}

/// <summary><c>a == b</c>, <c>a &lt; b &lt; c</c>, <c>a in b</c>, <c>a not in b</c>: chained as in Python.</summary>
internal sealed class Comparison(int offset, Expression first, (string Op, Expression Operand)[] rest) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        object? left = first.Evaluate(state);
        foreach (var (op, operand) in rest)
        {
            object? right = operand.Evaluate(state);
            if (!Holds(op, left, right)) return false;
            left = right;
        }
        return true;
    }

    static bool Holds(string op, object? left, object? right) => op switch
    {
        "==" => Py.AreEqual(left, right),
        "!=" => !Py.AreEqual(left, right),
        "<" => Py.Compare(left, right, op) < 0,
        "<=" => Py.Compare(left, right, op) <= 0,
        ">" => Py.Compare(left, right, op) > 0,
        ">=" => Py.Compare(left, right, op) >= 0,
        "in" => Py.Contains(right, left),
        "not in" => !Py.Contains(right, left),
        _ => throw new JinjaError($"unknown comparison '{op}'"),
    };
}

/// <summary><c>a if condition else b</c>; without <c>else</c> a false condition gives undefined.</summary>
internal sealed class Conditional(int offset, Expression condition, Expression then, Expression? otherwise) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        if (Py.IsTrue(condition.Evaluate(state))) return then.Evaluate(state);
        return otherwise is null ? Undefined.WithHint("the inline if-expression evaluated to false and no else section was defined.") : otherwise.Evaluate(state);
    }
}
