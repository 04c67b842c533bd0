using Wpo.Text.Jinja.Nodes;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// A <c>{% macro %}</c> (or the body of a <c>{% call %}</c> block, as <c>caller</c>): called with arguments, it
/// renders its body in a new scope over the scope it was defined in and returns the text.
/// </summary>
internal sealed class Macro(MacroSignature signature, Statement[] body, Scope closure) : ICallable
{
    public string Name => signature.Name;

    public object? Invoke(RenderState state, Arguments arguments)
    {
        var scope = new Scope(closure);
        int parameterCount = signature.Parameters.Length;
        var assigned = new bool[parameterCount];
        if (arguments.Positional.Length > parameterCount && !signature.UsesVarargs)
            throw new JinjaError($"macro '{Name}' takes not more than {parameterCount} argument(s)");
        for (int i = 0; i < Math.Min(parameterCount, arguments.Positional.Length); i++)
        {
            scope.Set(signature.Parameters[i], arguments.Positional[i]);
            assigned[i] = true;
        }
        var kwargs = new PyDict();
        object? caller = Undefined.WithHint($"macro '{Name}' was not called from a call block");
        foreach (var (key, value) in arguments.Keywords)
        {
            int index = Array.IndexOf(signature.Parameters, key);
            if (index >= 0)
            {
                if (assigned[index]) throw new JinjaError($"macro '{Name}' got multiple values for argument '{key}'");
                scope.Set(key, value);
                assigned[index] = true;
            }
            else if (key == "caller" && signature.UsesCaller) caller = value;
            else if (signature.UsesKwargs) kwargs[key] = value;
            else throw new JinjaError($"macro '{Name}' takes no keyword argument '{key}'");
        }
        if (signature.UsesVarargs) scope.Set("varargs", arguments.Positional.Skip(parameterCount).ToArray());
        if (signature.UsesKwargs) scope.Set("kwargs", kwargs);
        if (signature.UsesCaller) scope.Set("caller", caller);
        var savedScope = state.Scope;
        state.Scope = scope;
        try
        {
            for (int i = 0; i < parameterCount; i++)
                if (!assigned[i])
                    scope.Set(signature.Parameters[i], signature.Defaults[i] is Expression fallback
                        ? fallback.Evaluate(state)
                        : Undefined.WithHint($"parameter '{signature.Parameters[i]}' was not provided"));
        }
        finally
        {
            state.Scope = savedScope;
        }
        return state.Capture(body, scope);
    }
}

/// <summary>A macro's name, parameters with their default expressions, and which special names its body uses.</summary>
internal sealed record MacroSignature(string Name, string[] Parameters, Expression?[] Defaults, bool UsesVarargs, bool UsesKwargs, bool UsesCaller);
