namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// One level of variables. The render context is the outermost scope; the template body, each loop iteration,
/// each macro call and each <c>with</c> block get their own, so a <c>set</c> inside a loop body is gone at the
/// next iteration, as in Jinja. <c>if</c> blocks share the enclosing scope.
/// </summary>
internal sealed class Scope(Scope? parent, Dictionary<string, object?>? variables = null)
{
    readonly Scope? parent = parent;
    Dictionary<string, object?>? variables = variables;

    public bool TryGet(string name, out object? value)
    {
        for (Scope? scope = this; scope is not null; scope = scope.parent)
            if (scope.variables is not null && scope.variables.TryGetValue(name, out value)) return true;
        value = null;
        return false;
    }

    public void Set(string name, object? value) => (variables ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value;

    /// <summary>Forgets this level's variables (a loop reuses its scope from one iteration to the next).</summary>
    public void Clear() => variables?.Clear();
}
