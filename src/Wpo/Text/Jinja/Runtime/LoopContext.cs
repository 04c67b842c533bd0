namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// The <c>loop</c> variable of a <c>for</c> block: <c>index</c>, <c>index0</c>, <c>revindex</c>, <c>revindex0</c>,
/// <c>first</c>, <c>last</c>, <c>length</c>, <c>depth</c>, <c>depth0</c>, <c>previtem</c>, <c>nextitem</c>,
/// <c>cycle(...)</c>, <c>changed(...)</c>, and <c>loop(items)</c> in a <c>recursive</c> loop.
/// </summary>
internal sealed class LoopContext(IReadOnlyList<object?> items, int depth0, Func<RenderState, object?, int, string>? recurse) : ICallable
{
    static readonly object NothingYet = new();

    object? lastChanged = NothingYet;

    public int Index0 { get; set; }

    public string Name => "loop";

    public object? GetAttribute(string name) => name switch
    {
        "index0" => (long)Index0,
        "index" => (long)Index0 + 1,
        "revindex0" => (long)(items.Count - Index0 - 1),
        "revindex" => (long)(items.Count - Index0),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth0" => (long)depth0,
        "depth" => (long)depth0 + 1,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.WithHint("there is no previous item"),
        "nextitem" => Index0 + 1 < items.Count ? items[Index0 + 1] : Undefined.WithHint("there is no next item"),
        "cycle" => new BuiltinFunction("loop.cycle", (_, args) => Cycle(args)),
        "changed" => new BuiltinFunction("loop.changed", (_, args) => Changed(args)),
        _ => Undefined.Member(this, name),
    };

    object? Cycle(Arguments arguments)
    {
        if (arguments.Positional.Length == 0) throw new JinjaError("no items for cycling given");
        return arguments.Positional[Index0 % arguments.Positional.Length];
    }

    bool Changed(Arguments arguments)
    {
        object?[] value = arguments.Positional;
        if (lastChanged is object?[] previous && Py.AreEqual(previous, value)) return false;
        lastChanged = value;
        return true;
    }

    /// <summary><c>loop(children)</c> in a recursive loop: renders the loop body over the children one level deeper.</summary>
    public object? Invoke(RenderState state, Arguments arguments)
    {
        if (recurse is null) throw new JinjaError("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.");
        if (arguments.Positional.Length != 1 || arguments.Keywords.Length != 0) throw new JinjaError("loop() takes exactly one argument");
        return recurse(state, arguments.Positional[0], depth0 + 1);
    }
}
