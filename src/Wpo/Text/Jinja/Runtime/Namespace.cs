namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// The object <c>namespace(...)</c> makes: attributes that <c>{% set ns.name = … %}</c> may change from inside a
/// loop, which plain variables cannot (each loop iteration has its own scope).
/// </summary>
internal sealed class Namespace
{
    public PyDict Attributes { get; } = new();
}
