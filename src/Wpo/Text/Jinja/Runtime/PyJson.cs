using System.Globalization;
using System.Text;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's <c>json.dumps</c>, which transformers installs as the <c>tojson</c> filter: <c>ensure_ascii</c>
/// (off by default there), <c>indent</c> (a count or a string), <c>separators</c>, <c>sort_keys</c>; no HTML
/// escaping. Floats are written as Python's repr (<c>1.0</c>, <c>1e-05</c>, <c>NaN</c>, <c>Infinity</c>).
/// </summary>
internal sealed class PyJson
{
    readonly bool ensureAscii;
    readonly string? indent;
    readonly string itemSeparator;
    readonly string keySeparator;
    readonly bool sortKeys;
    readonly StringBuilder output = new();
    /// <summary>The lists and dicts being written around the current value (json.dumps' <c>check_circular</c>).</summary>
    readonly HashSet<object> open = new(ReferenceEqualityComparer.Instance);

    PyJson(bool ensureAscii, string? indent, string itemSeparator, string keySeparator, bool sortKeys)
    {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
    }

    /// <param name="value">The value to write.</param>
    /// <param name="ensureAscii">Escape every non-ASCII character as <c>\uXXXX</c>.</param>
    /// <param name="indent">null for one line; an integer (spaces) or a string to pretty-print.</param>
    /// <param name="separators">null, or a two-item list/tuple (item separator, key separator).</param>
    /// <param name="sortKeys">Write dict keys in sorted order.</param>
    public static string Dumps(object? value, bool ensureAscii = false, object? indent = null, object? separators = null, bool sortKeys = false)
    {
        string? indentText = indent switch
        {
            null => null,
            long n => new string(' ', (int)Math.Max(0, n)),
            string s => s,
            _ => throw new JinjaError($"tojson: indent must be an integer or a string, not {Py.TypeName(indent)}"),
        };
        var (item, key) = separators switch
        {
            null => (indentText is null ? ", " : ",", ": "),
            IReadOnlyList<object?> { Count: 2 } pair when pair[0] is string a && pair[1] is string b => (a, b),
            _ => throw new JinjaError("tojson: separators must be a pair of strings"),
        };
        var writer = new PyJson(ensureAscii, indentText, item, key, sortKeys);
        writer.Write(value, 0);
        return writer.output.ToString();
    }

    void Write(object? value, int depth)
    {
        switch (value)
        {
            case null: output.Append("null"); break;
            case bool b: output.Append(b ? "true" : "false"); break;
            case long l: output.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: output.Append(FloatText(d)); break;
            case string s: WriteString(s); break;
            case List<object?> or object?[] or PyDict: WriteContainer(value, depth); break;
            default: throw new JinjaError($"Object of type {Py.TypeName(value)} is not JSON serializable");
        }
    }

    void WriteContainer(object container, int depth)
    {
        StackGuard.Ensure(" while encoding a JSON object");
        if (!open.Add(container)) throw new JinjaError("Circular reference detected");
        if (container is PyDict dict) WriteObject(dict, depth);
        else WriteArray((IReadOnlyList<object?>)container, depth);
        open.Remove(container);
    }

    static string FloatText(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFormat.FloatRepr(d);

    void WriteArray(IReadOnlyList<object?> items, int depth)
    {
        if (items.Count == 0)
        {
            output.Append("[]");
            return;
        }
        output.Append('[');
        for (int i = 0; i < items.Count; i++)
        {
            output.Append(i == 0 ? "" : itemSeparator);
            NewLine(depth + 1);
            Write(items[i], depth + 1);
        }
        NewLine(depth);
        output.Append(']');
    }

    void WriteObject(PyDict dict, int depth)
    {
        if (dict.Count == 0)
        {
            output.Append("{}");
            return;
        }
        IEnumerable<KeyValuePair<object, object?>> entries = dict;
        if (sortKeys) entries = Py.Sorted(dict, entry => entry.Key);
        output.Append('{');
        bool first = true;
        foreach (var (key, item) in entries)
        {
            output.Append(first ? "" : itemSeparator);
            first = false;
            NewLine(depth + 1);
            WriteString(KeyText(key));
            output.Append(keySeparator);
            Write(item, depth + 1);
        }
        NewLine(depth);
        output.Append('}');
    }

    static string KeyText(object key) => key switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FloatText(d),
        _ => throw new JinjaError($"keys must be str, int, float, bool or None, not {Py.TypeName(key)}"),
    };

    void NewLine(int depth)
    {
        if (indent is null) return;
        output.Append('\n');
        for (int i = 0; i < depth; i++) output.Append(indent);
    }

    void WriteString(string s)
    {
        output.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e))
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else output.Append(c);
                    break;
            }
        }
        output.Append('"');
    }
}
