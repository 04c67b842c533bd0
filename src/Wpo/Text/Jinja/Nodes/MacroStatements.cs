using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Nodes;

/// <summary><c>{% macro name(a, b='x') %}…{% endmacro %}</c>: binds a <see cref="Macro"/> in the current scope.</summary>
internal sealed class MacroDefinition(int offset, MacroSignature signature, Statement[] body) : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        state.Scope.Set(signature.Name, new Macro(signature, body, state.Scope));
        return Flow.Normal;
    }
}

/// <summary><c>{% call(args) name(...) %}…{% endcall %}</c>: calls the macro with the body as <c>caller</c>.</summary>
internal sealed class CallBlock(int offset, Expression callee, ArgumentList arguments, MacroSignature callerSignature, Statement[] body)
    : Statement(offset)
{
    public override Flow Execute(RenderState state)
    {
        var caller = new Macro(callerSignature, body, state.Scope);
        object? function = callee.Evaluate(state);
        try
        {
            Arguments given = arguments.Evaluate(state);
            var withCaller = new Arguments(given.Positional, [.. given.Keywords, new("caller", caller)]);
            object? result = function switch
            {
                ICallable callable => callable.Invoke(state, withCaller),
                Undefined undefined => throw undefined.Fail(),
                _ => throw new JinjaError($"'{Py.TypeName(function)}' object is not callable"),
            };
            state.Write(PyFormat.Str(result));
        }
        catch (JinjaError error)
        {
            throw state.Error(Offset, error.Message);
        }
        return Flow.Normal;
    }
}
