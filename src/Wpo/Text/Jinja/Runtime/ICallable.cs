namespace Wpo.Text.Jinja.Runtime;

/// <summary>Anything a template can call: macros, globals such as <c>range</c>, bound methods, <c>loop.cycle</c>.</summary>
internal interface ICallable
{
    string Name { get; }

    object? Invoke(RenderState state, Arguments arguments);
}

/// <summary>A callable implemented in C#.</summary>
internal sealed class BuiltinFunction(string name, Func<RenderState, Arguments, object?> body) : ICallable
{
    public string Name { get; } = name;

    public object? Invoke(RenderState state, Arguments arguments) => body(state, arguments);
}
