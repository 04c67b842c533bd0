using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary>
/// An expression node. Rendering walks the tree by virtual calls; a value error raised below a node is turned
/// into a <see cref="TemplateException"/> at the innermost node that catches it, so it names that line and column.
/// </summary>
internal abstract class Expression(int offset)
{
    /// <summary>Offset of the node in the normalised source.</summary>
    public int Offset { get; } = offset;

    public object? Evaluate(RenderState state)
    {
        try
        {
            StackGuard.Ensure();
            return EvaluateCore(state);
        }
        catch (JinjaError error)
        {
            throw state.Error(Offset, error.Message);
        }
    }

    protected abstract object? EvaluateCore(RenderState state);
}

/// <summary>A literal value.</summary>
internal sealed class Constant(int offset, object? value) : Expression(offset)
{
    public object? Value { get; } = value;

    protected override object? EvaluateCore(RenderState state) => Value;
}

/// <summary>A variable reference.</summary>
internal sealed class Name(int offset, string identifier) : Expression(offset)
{
    public string Identifier { get; } = identifier;

    protected override object? EvaluateCore(RenderState state) => state.Lookup(Identifier);
}

/// <summary><c>[a, b]</c>: a new list each time.</summary>
internal sealed class ListLiteral(int offset, Expression[] items) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        var list = new List<object?>(items.Length);
        foreach (var item in items) list.Add(item.Evaluate(state));
        return list;
    }
}

/// <summary><c>(a, b)</c> or <c>a, b</c>: a tuple.</summary>
internal sealed class TupleLiteral(int offset, Expression[] items) : Expression(offset)
{
    public Expression[] Items { get; } = items;

    protected override object? EvaluateCore(RenderState state)
    {
        var tuple = new object?[Items.Length];
        for (int i = 0; i < Items.Length; i++) tuple[i] = Items[i].Evaluate(state);
        return tuple;
    }
}

/// <summary><c>{'k': v}</c>: a new dict each time, keys in written order.</summary>
internal sealed class DictLiteral(int offset, (Expression Key, Expression Value)[] entries) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state)
    {
        var dict = new PyDict(entries.Length);
        foreach (var (key, value) in entries) dict.SetItem(key.Evaluate(state), value.Evaluate(state));
        return dict;
    }
}
