using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>A test: <c>value is name(arguments)</c>.</summary>
internal delegate bool Test(RenderState state, object? value, Arguments arguments);

/// <summary>Jinja's built-in tests, by name.</summary>
internal static class Tests
{
    static readonly Dictionary<string, Test> All = new(StringComparer.Ordinal)
    {
        ["defined"] = (_, value, args) => NoArguments(args, "defined") && value is not Undefined,
        ["undefined"] = (_, value, args) => NoArguments(args, "undefined") && value is Undefined,
        ["none"] = (_, value, args) => NoArguments(args, "none") && value is null,
        ["boolean"] = (_, value, args) => NoArguments(args, "boolean") && value is bool,
        ["true"] = (_, value, args) => NoArguments(args, "true") && value is true,
        ["false"] = (_, value, args) => NoArguments(args, "false") && value is false,
        ["integer"] = (_, value, args) => NoArguments(args, "integer") && value is long,
        ["float"] = (_, value, args) => NoArguments(args, "float") && value is double,
        ["number"] = (_, value, args) => NoArguments(args, "number") && Py.IsNumber(value),
        ["string"] = (_, value, args) => NoArguments(args, "string") && value is string,
        ["mapping"] = (_, value, args) => NoArguments(args, "mapping") && value is PyDict,
        ["iterable"] = (_, value, args) => NoArguments(args, "iterable") && value is string or List<object?> or object?[] or PyDict or Generator or Undefined,
        ["sequence"] = (_, value, args) => NoArguments(args, "sequence") && value is string or List<object?> or object?[] or PyDict,
        ["callable"] = (_, value, args) => NoArguments(args, "callable") && value is ICallable,
        ["escaped"] = (_, _, args) => NoArguments(args, "escaped") && false,
        ["lower"] = (_, value, args) => NoArguments(args, "lower") && IsCased(PyFormat.Str(value), upper: false),
        ["upper"] = (_, value, args) => NoArguments(args, "upper") && IsCased(PyFormat.Str(value), upper: true),
        ["odd"] = (_, value, args) => NoArguments(args, "odd") && Py.ToLong(PyArithmetic.Modulo(Integer(value, "odd"), 2L)) == 1,
        ["even"] = (_, value, args) => NoArguments(args, "even") && Py.ToLong(PyArithmetic.Modulo(Integer(value, "even"), 2L)) == 0,
        ["divisibleby"] = (_, value, args) => Py.AreEqual(PyArithmetic.Modulo(Integer(value, "divisibleby"), Other(args, "divisibleby", "num")), 0L),
        ["sameas"] = (_, value, args) => SameAs(value, Other(args, "sameas", "other")),
        ["in"] = (_, value, args) => Py.Contains(Other(args, "in", "seq"), value),
        ["filter"] = (_, value, args) => NoArguments(args, "filter") && value is string name && Filters.Exists(name),
        ["test"] = (_, value, args) => NoArguments(args, "test") && value is string name && Exists(name),
        ["eq"] = Equal, ["equalto"] = Equal, ["=="] = Equal,
        ["ne"] = (_, value, args) => !Py.AreEqual(value, Other(args, "ne", "other")),
        ["!="] = (_, value, args) => !Py.AreEqual(value, Other(args, "!=", "other")),
        ["lt"] = Ordered("lt", "<", c => c < 0), ["lessthan"] = Ordered("lessthan", "<", c => c < 0), ["<"] = Ordered("<", "<", c => c < 0),
        ["le"] = Ordered("le", "<=", c => c <= 0), ["<="] = Ordered("<=", "<=", c => c <= 0),
        ["gt"] = Ordered("gt", ">", c => c > 0), ["greaterthan"] = Ordered("greaterthan", ">", c => c > 0), [">"] = Ordered(">", ">", c => c > 0),
        ["ge"] = Ordered("ge", ">=", c => c >= 0), [">="] = Ordered(">=", ">=", c => c >= 0),
    };

    public static bool TryGet(string name, out Test test) => All.TryGetValue(name, out test!);

    public static bool Exists(string name) => All.ContainsKey(name);

    /// <summary>Applies a test chosen by name at render time (<c>select('equalto', 'user')</c>).</summary>
    public static bool Apply(RenderState state, string name, object? value, Arguments arguments) =>
        TryGet(name, out Test test) ? test(state, value, arguments) : throw new JinjaError($"No test named '{name}'.");

    static bool Equal(RenderState state, object? value, Arguments args) => Py.AreEqual(value, Other(args, "eq", "other"));

    static Test Ordered(string name, string op, Func<int, bool> holds) =>
        (_, value, args) => holds(Py.Compare(value, Other(args, name, "other"), op));

    static bool NoArguments(Arguments args, string name)
    {
        args.Bind(name, []);
        return true;
    }

    static object? Other(Arguments args, string name, string parameter) => args.Bind(name, [parameter], required: 1).Get(0);

    static object Integer(object? value, string name) =>
        value is long or bool ? value : throw new JinjaError($"the '{name}' test needs an integer, got {Py.TypeName(value)}");

    /// <summary>Python's <c>is</c>: identity, which for None, booleans and small integers is equality of value.</summary>
    static bool SameAs(object? a, object? b) => a switch
    {
        null => b is null,
        bool x => b is bool y && x == y,
        long x => b is long y && x == y && x is >= -5 and <= 256,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>Python's <c>islower</c>/<c>isupper</c>: has a cased character and none of the other case.</summary>
    static bool IsCased(string s, bool upper)
    {
        bool any = false;
        foreach (char c in s)
        {
            if (upper ? char.IsLower(c) : char.IsUpper(c)) return false;
            if (char.IsLetter(c) && (char.IsUpper(c) || char.IsLower(c))) any = true;
        }
        return any;
    }
}
