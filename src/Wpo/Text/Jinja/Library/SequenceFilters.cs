using System.Text;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>
/// Jinja's filters over sequences and mappings. Like Jinja, <c>map</c>, <c>select</c>, <c>reject</c>,
/// <c>selectattr</c>, <c>rejectattr</c>, <c>unique</c>, <c>items</c> and <c>reverse</c> (of a list) return
/// generators; <c>sort</c>, <c>dictsort</c> and <c>list</c> return lists.
/// </summary>
internal static class SequenceFilters
{
    public static readonly IReadOnlyDictionary<string, Filter> All = new Dictionary<string, Filter>
    {
        ["first"] = (_, value, args) => Single(value, args, "first", fromEnd: false),
        ["last"] = (_, value, args) => Single(value, args, "last", fromEnd: true),
        ["join"] = Join,
        ["map"] = Map,
        ["select"] = (state, value, args) => SelectOrReject(state, value, args, keep: true, byAttribute: false),
        ["reject"] = (state, value, args) => SelectOrReject(state, value, args, keep: false, byAttribute: false),
        ["selectattr"] = (state, value, args) => SelectOrReject(state, value, args, keep: true, byAttribute: true),
        ["rejectattr"] = (state, value, args) => SelectOrReject(state, value, args, keep: false, byAttribute: true),
        ["items"] = Items,
        ["dictsort"] = DictSort,
        ["sort"] = Sort,
        ["unique"] = Unique,
        ["min"] = (_, value, args) => MinOrMax(value, args, "min", sign: -1),
        ["max"] = (_, value, args) => MinOrMax(value, args, "max", sign: 1),
        ["sum"] = Sum,
        ["reverse"] = Reverse,
        ["batch"] = Batch,
    };

    static object? Single(object? value, Arguments args, string filter, bool fromEnd)
    {
        args.Bind(filter, []);
        if (fromEnd && value is Generator) throw new JinjaError("'generator' object is not reversible");
        IReadOnlyList<object?> items = Py.ToList(value);
        if (items.Count == 0) return Undefined.WithHint($"No {filter} item, sequence was empty.");
        return fromEnd ? items[^1] : items[0];
    }

    static object? Join(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("join", ["d", "attribute"]);
        var getter = AttributeGetter(bound.Get(1));
        var builder = new StringBuilder();
        string separator = PyFormat.Str(bound.Get(0, ""));
        bool first = true;
        foreach (object? item in Py.Iterate(value))
        {
            if (!first) builder.Append(separator);
            first = false;
            builder.Append(PyFormat.Str(getter(item)));
        }
        return builder.ToString();
    }

    /// <summary>Jinja's attribute path (<c>"a.b.0"</c>): item access per part, digits as indices.</summary>
    internal static Func<object?, object?> AttributeGetter(object? attribute, object? fallback = null, bool ignoreCase = false)
    {
        object?[] parts = attribute switch
        {
            null => [],
            string path => path.Split('.').Select(part => part.All(char.IsAsciiDigit) && part.Length > 0 ? (object?)long.Parse(part) : part).ToArray(),
            _ => [attribute],
        };
        return item =>
        {
            foreach (object? part in parts)
            {
                item = Access.GetItem(item, part);
                if (fallback is not null && item is Undefined) item = fallback;
            }
            return ignoreCase && item is string s ? s.ToLowerInvariant() : item;
        };
    }

    static object? Map(RenderState state, object? value, Arguments args)
    {
        Func<object?, object?> transform;
        if (args.Positional.Length == 0 && args.Keywords.Any(k => k.Key == "attribute"))
        {
            var bound = args.Bind("map", ["attribute", "default"]);
            transform = AttributeGetter(bound.Get(0), bound.Get(1));
        }
        else
        {
            if (args.Positional.Length == 0 || args.Positional[0] is not string filter) throw new JinjaError("map requires a filter argument");
            var rest = new Arguments(args.Positional[1..], args.Keywords);
            if (!Filters.Exists(filter)) throw new JinjaError($"No filter named '{filter}'.");
            transform = item => Filters.Apply(state, filter, item, rest);
        }
        return new Generator(Py.IsTrue(value) ? Py.Iterate(value).Select(transform) : []);
    }

    static object? SelectOrReject(RenderState state, object? value, Arguments args, bool keep, bool byAttribute)
    {
        int offset = byAttribute ? 1 : 0;
        if (byAttribute && args.Positional.Length == 0) throw new JinjaError("Missing parameter for attribute name");
        var getter = byAttribute ? AttributeGetter(args.Positional[0]) : item => item;
        Func<object?, bool> predicate;
        if (args.Positional.Length > offset)
        {
            string test = args.Positional[offset] as string ?? throw new JinjaError("the test name must be a string");
            var rest = new Arguments(args.Positional[(offset + 1)..], args.Keywords);
            if (!Tests.Exists(test)) throw new JinjaError($"No test named '{test}'.");
            predicate = item => Tests.Apply(state, test, item, rest);
        }
        else predicate = Py.IsTrue;
        return new Generator(Py.IsTrue(value) ? Py.Iterate(value).Where(item => predicate(getter(item)) == keep) : []);
    }

    static object? Items(RenderState state, object? value, Arguments args)
    {
        args.Bind("items", []);
        return value switch
        {
            Undefined => new Generator([]),
            PyDict dict => new Generator(dict.Select(entry => (object?)new object?[] { entry.Key, entry.Value }).ToArray()),
            _ => throw new JinjaError("Can only get item pairs from a mapping."),
        };
    }

    static object? DictSort(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("dictsort", ["case_sensitive", "by", "reverse"]);
        if (value is not PyDict dict) throw new JinjaError($"dictsort expects a mapping, got {Py.TypeName(value)}");
        int position = bound.GetString(1, "key") switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new JinjaError("You can only sort by either \"key\" or \"value\""),
        };
        bool caseSensitive = bound.GetFlag(0, false);
        var pairs = dict.Select(entry => new object?[] { entry.Key, entry.Value });
        Func<object?[], object?> key = pair => !caseSensitive && pair[position] is string s ? s.ToLowerInvariant() : pair[position];
        return Py.Sorted(pairs, key, bound.GetFlag(2, false)).Select(pair => (object?)pair).ToList();
    }

    static object? Sort(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("sort", ["reverse", "case_sensitive", "attribute"]);
        bool ignoreCase = !bound.GetFlag(1, false);
        Func<object?, object?> key = bound.Get(2) is string attributes && attributes.Contains(',')
            ? MultiKey(attributes.Split(',').Select(part => AttributeGetter(part, ignoreCase: ignoreCase)).ToArray())
            : AttributeGetter(bound.Get(2), ignoreCase: ignoreCase);
        return Py.Sorted(Py.Iterate(value), key, bound.GetFlag(0, false)).ToList();
    }

    static Func<object?, object?> MultiKey(Func<object?, object?>[] getters) =>
        item => new List<object?>(getters.Select(getter => getter(item)));

    static object? Unique(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("unique", ["case_sensitive", "attribute"]);
        var key = AttributeGetter(bound.Get(1), ignoreCase: !bound.GetFlag(0, false));
        return new Generator(UniqueItems(Py.Iterate(value), key));
    }

    static IEnumerable<object?> UniqueItems(IEnumerable<object?> items, Func<object?, object?> key)
    {
        var seen = new List<object?>();
        foreach (object? item in items)
        {
            object? k = key(item);
            if (seen.Any(s => Py.AreEqual(s, k))) continue;
            seen.Add(k);
            yield return item;
        }
    }

    static object? MinOrMax(object? value, Arguments args, string filter, int sign)
    {
        var bound = args.Bind(filter, ["case_sensitive", "attribute"]);
        IReadOnlyList<object?> items = Py.ToList(value);
        if (items.Count == 0) return Undefined.WithHint("No aggregated item, sequence was empty.");
        var key = AttributeGetter(bound.Get(1), ignoreCase: !bound.GetFlag(0, false));
        object? best = items[0];
        foreach (object? item in items.Skip(1))
            if (Py.Compare(key(item), key(best)) * sign > 0) best = item;
        return best;
    }

    static object? Sum(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("sum", ["attribute", "start"]);
        var getter = AttributeGetter(bound.Get(0));
        object? total = bound.Get(1, 0L);
        foreach (object? item in Py.Iterate(value)) total = PyArithmetic.Add(total, getter(item));
        return total;
    }

    static object? Reverse(RenderState state, object? value, Arguments args)
    {
        args.Bind("reverse", []);
        return value switch
        {
            string s => Access.Slice(s, null, null, -1L),
            List<object?> or object?[] => new Generator(Py.ToList(value).Reverse().ToArray()),
            _ => Py.ToList(value).Reverse().ToList(),
        };
    }

    static object? Batch(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("batch", ["linecount", "fill_with"], required: 1);
        long size = bound.GetInteger(0, 1);
        if (size <= 0) throw new JinjaError("batch: linecount must be positive");
        var batches = Py.Iterate(value).Chunk((int)size).Select(chunk =>
        {
            var batch = new List<object?>(chunk);
            while (bound.Has(1) && batch.Count < size) batch.Add(bound.Get(1));
            return (object?)batch;
        });
        return new Generator(batches);
    }
}
