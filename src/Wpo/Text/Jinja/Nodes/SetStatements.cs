using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary><c>{% set target = value %}</c>, in the current scope (or on a namespace).</summary>
internal sealed class Assignment(int offset, AssignTarget target, Expression value) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        target.Assign(state, state.Scope, value.Evaluate(state), Offset);
        return Flow.Normal;
    }
}

/// <summary><c>{% set target | filters %}…{% endset %}</c>: the rendered body, optionally filtered, as a string.</summary>
internal sealed class BlockAssignment(int offset, AssignTarget target, FilterCall? filter, Statement[] body) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        object? value = state.Capture(body, new Scope(state.Scope));
        if (filter is not null) value = filter.ApplyChain(state, value);
        target.Assign(state, state.Scope, value, Offset);
        return Flow.Normal;
    }
}

/// <summary><c>{% filter name | other %}…{% endfilter %}</c>: writes the filtered body.</summary>
internal sealed class FilterBlock(int offset, FilterCall filter, Statement[] body) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        object? value = filter.ApplyChain(state, state.Capture(body, new Scope(state.Scope)));
        state.Write(PyFormat.Str(value));
        return Flow.Normal;
    }
}

/// <summary>
/// <c>{% generation %}…{% endgeneration %}</c> (transformers' AssistantTracker): renders its body like a caller
/// block and, when written at top level, records the character span of that text for assistant-only masks.
/// </summary>
internal sealed class GenerationBlock(int offset, Statement[] body) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        string text = state.Capture(body, new Scope(state.Scope));
        if (state.WritesToRoot) state.GenerationSpans.Add((state.Output.Length, text.Length));
        state.Write(text);
        return Flow.Normal;
    }
}
