using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary><c>target.name</c>.</summary>
internal sealed class GetAttribute(int offset, Expression target, string attribute) : Expression(offset)
{
    public Expression Target { get; } = target;

    public string Attribute { get; } = attribute;

    protected override object? EvaluateCore(RenderState state) => Access.GetAttribute(Target.Evaluate(state), Attribute);
}

/// <summary><c>target[key]</c> (also <c>target.0</c>).</summary>
internal sealed class GetItem(int offset, Expression target, Expression key) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state) => Access.GetItem(target.Evaluate(state), key.Evaluate(state));
}

/// <summary><c>target[start:stop:step]</c>, each bound optional.</summary>
internal sealed class SliceItem(int offset, Expression target, Expression? start, Expression? stop, Expression? step) : Expression(offset)
{
    protected override object? EvaluateCore(RenderState state) =>
        Access.Slice(target.Evaluate(state), start?.Evaluate(state), stop?.Evaluate(state), step?.Evaluate(state));
}
