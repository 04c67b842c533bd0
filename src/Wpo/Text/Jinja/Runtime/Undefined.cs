namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Jinja's default <c>Undefined</c>: a missing variable, attribute or item. It prints as nothing, is false,
/// iterates as empty and has length 0, but any attribute, item, call or arithmetic on it fails, naming what
/// was missing.
/// </summary>
internal sealed class Undefined
{
    readonly string? variable;
    readonly object? owner;
    readonly object? key;
    readonly string? hint;

    Undefined(string? variable, object? owner, object? key, string? hint)
    {
        this.variable = variable;
        this.owner = owner;
        this.key = key;
        this.hint = hint;
    }

    public static Undefined Variable(string name) => new(name, null, null, null);

    /// <summary>The result of <c>owner.key</c> or <c>owner[key]</c> that found nothing.</summary>
    public static Undefined Member(object? owner, object? key) => new(null, owner ?? NoOwner.None, key, null);

    public static Undefined WithHint(string hint) => new(null, null, null, hint);

    /// <summary>Jinja's message for this undefined value, e.g. <c>'dict object' has no attribute 'x'</c>.</summary>
    public string Message
    {
        get
        {
            if (hint is not null) return hint;
            if (variable is not null) return $"'{variable}' is undefined";
            string ownerName = owner is NoOwner ? "None" : $"{Py.TypeName(owner)} object";
            return key is string name
                ? $"'{ownerName}' has no attribute '{name}'"
                : $"{ownerName} has no element {PyFormat.Repr(key)}";
        }
    }

    public JinjaError Fail() => new(Message);

    public override string ToString() => "";

    /// <summary>Stands for Python's None as the owner of a missing attribute (so the message says 'None').</summary>
    sealed class NoOwner
    {
        public static readonly NoOwner None = new();
    }
}
