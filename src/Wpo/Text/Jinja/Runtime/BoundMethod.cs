using Wpo.Text.Jinja.Library;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>A method of a str, list or dict taken without calling it (<c>{% set f = s.upper %}</c>).</summary>
internal sealed class BoundMethod(object target, string name) : ICallable
{
    public string Name { get; } = name;

    public object? Invoke(RenderState state, Arguments arguments) => Methods.Call(target, Name, arguments);
}
