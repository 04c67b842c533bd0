namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's semantics for template values: truth, type names, iteration, length, equality, ordering and
/// membership. Values are null (None), bool, long (int), double (float), string, <see cref="List{T}"/> of object
/// (list), object[] (tuple), <see cref="PyDict"/>, <see cref="Namespace"/>, <see cref="Generator"/>,
/// <see cref="Undefined"/>, <see cref="ICallable"/> and <see cref="LoopContext"/>.
/// </summary>
internal static class Py
{
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        Undefined => false,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        object?[] => "tuple",
        PyDict => "dict",
        Namespace => "Namespace",
        Generator => "generator",
        Undefined => "Undefined",
        LoopContext => "LoopContext",
        Macro => "Macro",
        ICallable => "function",
        _ => value.GetType().Name,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static IEnumerable<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list.ToArray(),
        object?[] tuple => tuple,
        string s => PyString.CodePoints(s),
        PyDict dict => dict.Keys.ToArray(),
        Generator generator => generator.Consume(),
        Undefined => [],
        _ => throw new JinjaError($"'{TypeName(value)}' object is not iterable"),
    };

    /// <summary>The items of an iterable as a list the caller may keep (a copy where the source is mutable).</summary>
    public static IReadOnlyList<object?> ToList(object? value) => value switch
    {
        object?[] tuple => tuple,
        _ => Iterate(value).ToArray(),
    };

    public static int Length(object? value) => value switch
    {
        string s => PyString.Length(s),
        System.Collections.ICollection c => c.Count,
        Namespace ns => ns.Attributes.Count,
        Undefined => 0,
        _ => throw new JinjaError($"object of type '{TypeName(value)}' has no len()"),
    };

    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        StackGuard.Ensure(" in comparison");
        switch (a)
        {
            case null: return false;
            case string sa: return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case long or double or bool:
                if (!IsNumber(b)) return false;
                if (a is double || b is double) return ToDouble(a) == ToDouble(b);
                return ToLong(a) == ToLong(b);
            case List<object?> la: return b is List<object?> lb && SequenceEqual(la, lb);
            case object?[] ta: return b is object?[] tb && SequenceEqual(ta, tb);
            case PyDict da:
                if (b is not PyDict db || da.Count != db.Count) return false;
                foreach (var (key, value) in da)
                    if (!db.TryGetValue(key, out object? other) || !AreEqual(value, other)) return false;
                return true;
            case Undefined: return b is Undefined;
            default: return a.Equals(b);
        }
    }

    static bool SequenceEqual(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (!AreEqual(a[i], b[i])) return false;
        return true;
    }

    /// <summary>Python's ordering of two values (numbers, strings by code point, lists and tuples element-wise).</summary>
    public static int Compare(object? a, object? b, string op = "<")
    {
        StackGuard.Ensure(" in comparison");
        if (IsNumber(a) && IsNumber(b))
            return a is double || b is double ? ToDouble(a).CompareTo(ToDouble(b)) : ToLong(a).CompareTo(ToLong(b));
        if (a is string sa && b is string sb) return PyString.CompareOrdinal(sa, sb);
        if ((a is List<object?> && b is List<object?>) || (a is object?[] && b is object?[]))
        {
            var la = (IReadOnlyList<object?>)a;
            var lb = (IReadOnlyList<object?>)b!;
            for (int i = 0; i < Math.Min(la.Count, lb.Count); i++)
                if (!AreEqual(la[i], lb[i])) return Compare(la[i], lb[i], op);
            return la.Count.CompareTo(lb.Count);
        }
        if (a is Undefined ua) throw ua.Fail();
        if (b is Undefined ub) throw ub.Fail();
        throw new JinjaError($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>A stable sort by Python's ordering of the keys (<c>sorted(items, key=…)</c>); mixed types fail as in Python.</summary>
    public static T[] Sorted<T>(IEnumerable<T> items, Func<T, object?> key, bool descending = false)
    {
        var comparer = Comparer<object?>.Create((a, b) => Compare(a, b));
        try
        {
            return (descending ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer)).ToArray();
        }
        catch (InvalidOperationException sortFailure) when (sortFailure.InnerException is JinjaError error)
        {
            throw new JinjaError(error.Message);
        }
    }

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        string => throw new JinjaError($"'in <string>' requires string as left operand, not {TypeName(item)}"),
        PyDict dict => item is not null && dict.ContainsKey(item),
        Namespace => throw new JinjaError("argument of type 'Namespace' is not iterable"),
        IReadOnlyList<object?> items => items.Any(element => AreEqual(element, item)),
        _ => Iterate(container).Any(element => AreEqual(element, item)),
    };

    public static double ToDouble(object? number) => number switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"expected a number, got {TypeName(number)}"),
    };

    public static long ToLong(object? number) => number switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"expected an integer, got {TypeName(number)}"),
    };
}
