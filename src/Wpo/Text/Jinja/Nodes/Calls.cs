using Wpo.Text.Jinja.Library;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary>The argument expressions of a call, filter or test: positionals, <c>name=value</c>, <c>*args</c>, <c>**kwargs</c>.</summary>
internal sealed class ArgumentList(Expression[] positional, (string Name, Expression Value)[] keywords, Expression? spreadPositional, Expression? spreadKeywords)
{
    public static readonly ArgumentList Empty = new([], [], null, null);

    public Arguments Evaluate(RenderState state)
    {
        if (positional.Length == 0 && keywords.Length == 0 && spreadPositional is null && spreadKeywords is null) return Arguments.None;
        var values = new List<object?>(positional.Length);
        foreach (var expression in positional) values.Add(expression.Evaluate(state));
        if (spreadPositional is not null) values.AddRange(Py.Iterate(spreadPositional.Evaluate(state)));
        var named = new List<KeyValuePair<string, object?>>(keywords.Length);
        foreach (var (name, expression) in keywords) named.Add(new(name, expression.Evaluate(state)));
        if (spreadKeywords is not null)
        {
            if (spreadKeywords.Evaluate(state) is not PyDict dict) throw new JinjaError("argument after ** must be a mapping");
            foreach (var (key, value) in dict) named.Add(new(key as string ?? throw new JinjaError("keywords must be strings"), value));
        }
        return new Arguments([.. values], [.. named]);
    }
}

/// <summary>
/// <c>callee(args)</c>. A call of <c>x.method(...)</c> on a str, list or dict runs the method directly rather
/// than making a bound method first (templates call <c>.strip()</c>, <c>.split()</c>… on every message).
/// </summary>
internal sealed class Call(int offset, Expression callee, ArgumentList arguments) : Expression(offset)
{
    public Expression Callee => callee;

    public ArgumentList Arguments => arguments;

    protected override object? EvaluateCore(RenderState state)
    {
        if (callee is GetAttribute { Target: var targetExpression, Attribute: var method })
        {
            object? target = targetExpression.Evaluate(state);
            if (Methods.Has(target, method))
                return Methods.Call(target!, method, arguments.Evaluate(state));
            return Invoke(state, Access.GetAttribute(target, method));
        }
        return Invoke(state, callee.Evaluate(state));
    }

    object? Invoke(RenderState state, object? function) => function switch
    {
        ICallable callable => callable.Invoke(state, arguments.Evaluate(state)),
        Undefined undefined => throw undefined.Fail(),
        _ => throw new JinjaError($"'{Py.TypeName(function)}' object is not callable"),
    };
}

/// <summary><c>value | name(args)</c>; the filter is resolved when the template is parsed.</summary>
internal sealed class FilterCall(int offset, Expression? value, Filter filter, ArgumentList arguments) : Expression(offset)
{
    /// <summary>Applies this filter alone to a value computed elsewhere.</summary>
    object? Apply(RenderState state, object? input)
    {
        try
        {
            return filter(state, input, arguments.Evaluate(state));
        }
        catch (JinjaError error)
        {
            throw state.Error(Offset, error.Message);
        }
    }

    protected override object? EvaluateCore(RenderState state) =>
        filter(state, value?.Evaluate(state), arguments.Evaluate(state));

    /// <summary>The filter chain applied to <paramref name="input"/>, innermost first (for blocks: <c>{% filter a | b %}</c>).</summary>
    public object? ApplyChain(RenderState state, object? input) =>
        Apply(state, value is FilterCall inner ? inner.ApplyChain(state, input) : input);
}

/// <summary><c>value is name(args)</c> / <c>value is not name</c>; the test is resolved when the template is parsed.</summary>
internal sealed class TestCall(int offset, Expression value, Test test, ArgumentList arguments) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state) => test(state, value.Evaluate(state), arguments.Evaluate(state));
}
