using System.Runtime.CompilerServices;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's <c>RecursionError</c> where .NET would overflow the stack, which ends the process with no chance to
/// catch it: a template nested absurdly deep, or a value nested deep or containing itself (a namespace or list
/// assigned into itself), fails as a template error instead. Checked at each step of every recursive walk.
/// </summary>
internal static class StackGuard
{
    /// <summary>Whether the stack has room for another level of recursion.</summary>
    public static bool HasRoom => RuntimeHelpers.TryEnsureSufficientExecutionStack();

    /// <summary>Throws when the stack is nearly used up; <paramref name="doing"/> completes Python's message.</summary>
    public static void Ensure(string doing = "")
    {
        if (!HasRoom) throw new JinjaError("maximum recursion depth exceeded" + doing);
    }
}
