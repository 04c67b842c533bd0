using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary>What <c>set</c>, <c>for</c> and <c>with</c> assign to: a name, a tuple of targets, or <c>ns.attribute</c>.</summary>
internal abstract class AssignTarget
{
    public void Assign(RenderState state, Scope scope, object? value, int offset)
    {
        try
        {
            Bind(state, scope, value);
        }
        catch (JinjaError error)
        {
            throw state.Error(offset, error.Message);
        }
    }

    protected internal abstract void Bind(RenderState state, Scope scope, object? value);
}

internal sealed class NameTarget(string name) : AssignTarget
{
    protected internal override void Bind(RenderState state, Scope scope, object? value) => scope.Set(name, value);
}

/// <summary><c>a, b</c>: unpacks an iterable of exactly that many items.</summary>
internal sealed class TupleTarget(AssignTarget[] items) : AssignTarget
{
    protected internal override void Bind(RenderState state, Scope scope, object? value)
    {
        IReadOnlyList<object?> values = Py.ToList(value);
        if (values.Count > items.Length) throw new JinjaError($"too many values to unpack (expected {items.Length})");
        if (values.Count < items.Length) throw new JinjaError($"not enough values to unpack (expected {items.Length}, got {values.Count})");
        for (int i = 0; i < items.Length; i++) items[i].Bind(state, scope, values[i]);
    }
}

/// <summary><c>ns.attribute</c>, where <c>ns</c> is a <c>namespace()</c>.</summary>
internal sealed class NamespaceTarget(string name, string attribute) : AssignTarget
{
    protected internal override void Bind(RenderState state, Scope scope, object? value)
    {
        if (state.Lookup(name) is not Namespace ns) throw new JinjaError($"cannot assign attribute '{attribute}' on '{name}', which is not a namespace()");
        ns.Attributes[attribute] = value;
    }
}
