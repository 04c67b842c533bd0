using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>
/// The Python methods templates call on values: str (<see cref="StringMethods"/>), list, tuple and dict.
/// List mutators (<c>append</c>, <c>extend</c>, <c>insert</c>, <c>pop</c>, <c>remove</c>) are allowed here,
/// although transformers' immutable sandbox refuses them.
/// </summary>
internal static class Methods
{
    static readonly HashSet<string> ListMethods = ["append", "extend", "insert", "pop", "remove", "index", "count", "copy"];
    static readonly HashSet<string> TupleMethods = ["index", "count"];
    static readonly HashSet<string> DictMethods = ["get", "keys", "values", "items", "copy"];

    public static bool Has(object? target, string name) => target switch
    {
        string => StringMethods.Names.Contains(name),
        List<object?> => ListMethods.Contains(name),
        object?[] => TupleMethods.Contains(name),
        PyDict => DictMethods.Contains(name),
        _ => false,
    };

    public static object? Call(object target, string name, Arguments args) => target switch
    {
        string s => StringMethods.Call(s, name, args),
        List<object?> list => CallList(list, name, args),
        object?[] tuple => CallSequence(tuple, name, args),
        PyDict dict => CallDict(dict, name, args),
        _ => throw new JinjaError($"'{Py.TypeName(target)}' object has no method '{name}'"),
    };

    static object? CallList(List<object?> list, string name, Arguments args)
    {
        switch (name)
        {
            case "append":
                list.Add(args.Bind("append", ["object"], required: 1).Get(0));
                return null;
            case "extend":
                list.AddRange(Py.ToList(args.Bind("extend", ["iterable"], required: 1).Get(0)));
                return null;
            case "insert":
                var insert = args.Bind("insert", ["index", "object"], required: 2);
                long at = insert.GetInteger(0, 0);
                if (at < 0) at += list.Count;
                list.Insert((int)Math.Clamp(at, 0, list.Count), insert.Get(1));
                return null;
            case "pop":
                if (list.Count == 0) throw new JinjaError("pop from empty list");
                long index = args.Bind("pop", ["index"]).GetInteger(0, -1);
                if (index < 0) index += list.Count;
                if (index < 0 || index >= list.Count) throw new JinjaError("pop index out of range");
                object? popped = list[(int)index];
                list.RemoveAt((int)index);
                return popped;
            case "remove":
                object? value = args.Bind("remove", ["value"], required: 1).Get(0);
                int found = list.FindIndex(item => Py.AreEqual(item, value));
                if (found < 0) throw new JinjaError("list.remove(x): x not in list");
                list.RemoveAt(found);
                return null;
            case "copy":
                args.Bind("copy", []);
                return new List<object?>(list);
            default:
                return CallSequence(list, name, args);
        }
    }

    static object? CallSequence(IReadOnlyList<object?> items, string name, Arguments args)
    {
        object? value = args.Bind(name, ["value"], required: 1).Get(0);
        if (name == "count") return (long)items.Count(item => Py.AreEqual(item, value));
        for (int i = 0; i < items.Count; i++)
            if (Py.AreEqual(items[i], value)) return (long)i;
        throw new JinjaError($"{PyFormat.Repr(value)} is not in {Py.TypeName(items)}");
    }

    static object? CallDict(PyDict dict, string name, Arguments args)
    {
        switch (name)
        {
            case "get":
                var get = args.Bind("get", ["key", "default"], required: 1);
                object? key = get.Get(0);
                return key is not (null or List<object?> or PyDict) && dict.TryGetValue(key, out object? value) ? value : get.Get(1);
            case "keys":
                args.Bind("keys", []);
                return new DictView("dict_keys", dict.Keys);
            case "values":
                args.Bind("values", []);
                return new DictView("dict_values", dict.Values);
            case "items":
                args.Bind("items", []);
                return new DictView("dict_items", dict.Select(entry => (object?)new object?[] { entry.Key, entry.Value }));
            default:
                args.Bind("copy", []);
                var copy = new PyDict(dict.Count);
                foreach (var (k, v) in dict) copy[k] = v;
                return copy;
        }
    }

    /// <summary>Python's <c>str.center</c> (an odd margin puts the extra fill on the left only when the width is odd, as CPython does).</summary>
    public static string Center(string s, long width, string fill)
    {
        int length = PyString.Length(s);
        if (width <= length) return s;
        long marg = width - length;
        long left = marg / 2 + (marg & width & 1);
        return string.Concat(Enumerable.Repeat(fill, (int)left)) + s + string.Concat(Enumerable.Repeat(fill, (int)(marg - left)));
    }
}
