using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary>
/// <c>{% for target in items if condition recursive %}…{% else %}…{% endfor %}</c>. Each iteration starts
/// from a fresh scope (a <c>set</c> in the body does not survive to the next iteration; <c>namespace()</c> is the
/// way out). The <c>if</c> filter is applied before <c>loop.length</c> is known, as in Jinja; <c>else</c> runs
/// when no item was left.
/// </summary>
internal sealed class ForStatement(
    int offset, AssignTarget target, Expression items, Expression? condition, Statement[] body, Statement[] otherwise, bool recursive)
    : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        Run(state, items.Evaluate(state), 0);
        return Flow.Normal;
    }

    void Run(RenderState state, object? iterable, int depth)
    {
        IReadOnlyList<object?> values;
        try
        {
            values = Py.ToList(iterable);
        }
        catch (JinjaError error)
        {
            throw state.Error(items.Offset, error.Message);
        }
        var outer = state.Scope;
        var scope = new Scope(outer);
        state.Scope = scope;
        try
        {
            if (condition is not null) values = Filter(state, scope, values);
            if (values.Count == 0)
            {
                RunAll(otherwise, state);
                return;
            }
            var loop = new LoopContext(values, depth, recursive ? Recurse : null);
            for (int i = 0; i < values.Count; i++)
            {
                scope.Clear();
                loop.Index0 = i;
                scope.Set("loop", loop);
                target.Assign(state, scope, values[i], Offset);
                if (RunAll(body, state) == Flow.Break) break;
            }
        }
        finally
        {
            state.Scope = outer;
        }
    }

    List<object?> Filter(RenderState state, Scope scope, IReadOnlyList<object?> values)
    {
        var kept = new List<object?>(values.Count);
        foreach (object? value in values)
        {
            scope.Clear();
            target.Assign(state, scope, value, Offset);
            if (Py.IsTrue(condition!.Evaluate(state))) kept.Add(value);
        }
        scope.Clear();
        return kept;
    }

    string Recurse(RenderState state, object? children, int depth) =>
        state.Capture(state.Scope, inner => Run(inner, children, depth));
}
