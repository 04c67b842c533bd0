namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// A failure of a value operation (a Python TypeError, ValueError, UndefinedError…) that does not yet know where
/// in the template it happened; the expression node that catches it adds the line and column.
/// </summary>
internal sealed class JinjaError(string message) : Exception(message);
