using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary>How a statement ended: normally, or by <c>{% break %}</c> / <c>{% continue %}</c> inside a loop.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}

/// <summary>A statement node: template data, an output tag or a block tag.</summary>
internal abstract class Statement(int offset)
{
    public int Offset { get; } = offset;

    public abstract Flow Execute(RenderState state);

    public static Flow RunAll(Statement[] body, RenderState state)
    {
        foreach (var statement in body)
        {
            Flow flow;
            try
            {
                StackGuard.Ensure();
                flow = statement.Execute(state);
            }
            catch (JinjaError error)
            {
                // A value error raised outside any expression (printing a value, a block's capture) gets the statement's place.
                throw state.Error(statement.Offset, error.Message);
            }
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }
}

/// <summary>Template text between tags.</summary>
internal sealed class TextOutput(int offset, string text) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        state.Write(text);
        return Flow.Normal;
    }
}

/// <summary><c>{{ expression }}</c>: writes Python's <c>str()</c> of the value.</summary>
internal sealed class ExpressionOutput(int offset, Expression expression) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        object? value = expression.Evaluate(state);
        state.Write(value as string ?? PyFormat.Str(value));
        return Flow.Normal;
    }
}

/// <summary><c>{% break %}</c> or <c>{% continue %}</c> (the loopcontrols extension transformers enables).</summary>
internal sealed class LoopControl(int offset, Flow flow) : Statement(offset)
{
    public override Flow Execute(RenderState state) => flow;
}

/// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c>; shares the enclosing scope.</summary>
internal sealed class IfStatement(int offset, (Expression Condition, Statement[] Body)[] branches, Statement[] otherwise) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        foreach (var (condition, body) in branches)
            if (Py.IsTrue(condition.Evaluate(state))) return RunAll(body, state);
        return RunAll(otherwise, state);
    }
}

/// <summary><c>{% with a = 1 %}…{% endwith %}</c>: values computed outside, bound in a new scope.</summary>
internal sealed class WithStatement(int offset, (AssignTarget Target, Expression Value)[] bindings, Statement[] body) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        var scope = new Scope(state.Scope);
        foreach (var (target, value) in bindings) target.Assign(state, scope, value.Evaluate(state), Offset);
        var outer = state.Scope;
        state.Scope = scope;
        try
        {
            return RunAll(body, state);
        }
        finally
        {
            state.Scope = outer;
        }
    }
}
