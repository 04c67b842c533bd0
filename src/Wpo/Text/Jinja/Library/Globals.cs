using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>
/// Global functions: Jinja's <c>range</c>, <c>dict</c> and <c>namespace</c>, and the two transformers adds to
/// chat templates, <c>raise_exception(message)</c> and <c>strftime_now(format)</c> (on the render's clock).
/// </summary>
internal static class Globals
{
    /// <summary>The sandbox's cap on <c>range</c> (Jinja's <c>MAX_RANGE</c>).</summary>
    const long MaxRange = 100_000;

    static readonly Dictionary<string, object?> All = new(StringComparer.Ordinal)
    {
        ["range"] = new BuiltinFunction("range", (_, args) => Range(args)),
        ["dict"] = new BuiltinFunction("dict", (_, args) => Dict(args)),
        ["namespace"] = new BuiltinFunction("namespace", (_, args) => MakeNamespace(args)),
        ["raise_exception"] = new BuiltinFunction("raise_exception", (_, args) =>
            throw new JinjaError(PyFormat.Str(args.Bind("raise_exception", ["message"], required: 1).Get(0)))),
        ["strftime_now"] = new BuiltinFunction("strftime_now", (state, args) =>
            Strftime.Format(state.Clock(), args.Bind("strftime_now", ["format"], required: 1).GetString(0, ""))),
    };

    public static bool TryGet(string name, out object? value) => All.TryGetValue(name, out value);

    static List<object?> Range(Arguments args)
    {
        if (args.Keywords.Length > 0) throw new JinjaError("range() takes no keyword arguments");
        long[] bounds = args.Positional.Select(value => value is long or bool
            ? Py.ToLong(value)
            : throw new JinjaError($"'{Py.TypeName(value)}' object cannot be interpreted as an integer")).ToArray();
        var (start, stop, step) = bounds.Length switch
        {
            1 => (0L, bounds[0], 1L),
            2 => (bounds[0], bounds[1], 1L),
            3 => (bounds[0], bounds[1], bounds[2]),
            _ => throw new JinjaError($"range expected 1 to 3 arguments, got {bounds.Length}"),
        };
        if (step == 0) throw new JinjaError("range() arg 3 must not be zero");
        // In 128 bits, as Python's unbounded ints: range(-2**62, 2**62) has more items than a long holds.
        Int128 count = Int128.Max(0, step > 0 ? ((Int128)stop - start + step - 1) / step : ((Int128)start - stop - step - 1) / -(Int128)step);
        if (count > MaxRange) throw new JinjaError($"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
        var values = new List<object?>((int)count);
        for (long i = 0; i < count; i++) values.Add(start + i * step);
        return values;
    }

    static PyDict Dict(Arguments args)
    {
        var dict = new PyDict();
        if (args.Positional.Length > 1) throw new JinjaError("dict expected at most 1 argument");
        if (args.Positional.Length == 1)
        {
            if (args.Positional[0] is PyDict source)
                foreach (var (key, value) in source) dict[key] = value;
            else
                foreach (object? pair in Py.Iterate(args.Positional[0]))
                {
                    IReadOnlyList<object?> entry = Py.ToList(pair);
                    if (entry.Count != 2) throw new JinjaError("dictionary update sequence element has the wrong length; 2 is required");
                    dict.SetItem(entry[0], entry[1]);
                }
        }
        foreach (var (key, value) in args.Keywords) dict[key] = value;
        return dict;
    }

    static Namespace MakeNamespace(Arguments args)
    {
        var ns = new Namespace();
        foreach (var (key, value) in Dict(args)) ns.Attributes[key] = value;
        return ns;
    }
}
