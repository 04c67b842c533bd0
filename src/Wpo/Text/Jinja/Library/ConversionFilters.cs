using System.Globalization;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>Filters that convert or inspect a value: <c>tojson</c>, <c>int</c>, <c>float</c>, <c>length</c>, <c>default</c>…</summary>
internal static class ConversionFilters
{
    public static readonly IReadOnlyDictionary<string, Filter> All = new Dictionary<string, Filter>
    {
        ["tojson"] = ToJson,
        ["int"] = ToInt,
        ["float"] = ToFloat,
        ["abs"] = Abs,
        ["round"] = Round,
        ["length"] = Length,
        ["count"] = Length,
        ["list"] = (_, value, args) =>
        {
            args.Bind("list", []);
            return new List<object?>(Py.Iterate(value));
        },
        ["default"] = Default,
        ["d"] = Default,
        ["attr"] = Attr,
    };

    /// <summary>Jinja's <c>attr</c>: the Python attribute only, never a dict item (so <c>{'a': 1} | attr('a')</c> is undefined).</summary>
    static object? Attr(RenderState state, object? value, Arguments args)
    {
        string name = args.Bind("attr", ["name"], required: 1).GetString(0, "");
        if (value is PyDict dict && !Methods.Has(dict, name)) return Undefined.Member(dict, name);
        return Access.GetAttribute(value, name);
    }

    /// <summary>transformers' <c>tojson</c>: <c>json.dumps(x, ensure_ascii=False, indent, separators, sort_keys)</c>.</summary>
    static object? ToJson(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("tojson", ["ensure_ascii", "indent", "separators", "sort_keys"]);
        return PyJson.Dumps(value, bound.GetFlag(0, false), bound.Get(1), bound.Get(2), bound.GetFlag(3, false));
    }

    static object? Length(RenderState state, object? value, Arguments args)
    {
        args.Bind("length", []);
        return (long)Py.Length(value);
    }

    static object? Default(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("default", ["default_value", "boolean"]);
        bool useDefault = value is Undefined || (bound.GetFlag(1, false) && !Py.IsTrue(value));
        return useDefault ? bound.Get(0, "") : value;
    }

    /// <summary>Jinja's <c>int</c>: parses strings (in a base), truncates floats, else the default (0).</summary>
    static object? ToInt(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("int", ["default", "base"]);
        object? fallback = bound.Get(0, 0L);
        long radix = bound.GetInteger(1, 10);
        switch (value)
        {
            case long or bool: return Py.ToLong(value);
            case double d: return double.IsFinite(d) ? (long)Math.Truncate(d) : fallback;
            case string s:
                string text = s.Trim().Replace("_", "");
                if (radix == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed)) return parsed;
                if (radix != 10 && TryParseRadix(text, (int)radix, out parsed)) return parsed;
                // Jinja's quirk: "42.23" | int is 42 (through float).
                return TryParseFloat(s, out double real) && double.IsFinite(real) ? (long)Math.Truncate(real) : fallback;
            default: return fallback;
        }
    }

    static bool TryParseRadix(string text, int radix, out long value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        if (negative || text.StartsWith('+')) text = text[1..];
        // Base 0, as Python's int(s, 0): the prefix says the base.
        if (radix == 0) radix = text.Length > 1 && text[0] == '0' ? char.ToLowerInvariant(text[1]) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 10 } : 10;
        string prefix = radix switch { 16 => "0x", 8 => "0o", 2 => "0b", _ => "" };
        if (prefix.Length > 0 && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) text = text[2..];
        if (text.Length == 0) return false;
        try
        {
            foreach (char c in text)
            {
                int digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                if (digit >= radix) return false;
                value = checked(value * radix + digit);
            }
        }
        catch (OverflowException)
        {
            return false;
        }
        if (negative) value = -value;
        return true;
    }

    /// <summary>Python's <c>float(str)</c>: decimal or scientific, <c>inf</c>, <c>nan</c>, surrounding whitespace allowed.</summary>
    internal static bool TryParseFloat(string s, out double value)
    {
        string text = PyString.Strip(s, null).Replace("_", "");
        switch (text.ToLowerInvariant().TrimStart('+'))
        {
            case "inf" or "infinity": value = text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            case "nan" or "-nan": value = double.NaN; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    static object? ToFloat(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("float", ["default"]);
        object? fallback = bound.Get(0, 0.0);
        return value switch
        {
            double d => d,
            long or bool => Py.ToDouble(value),
            string s when TryParseFloat(s, out double parsed) => parsed,
            _ => fallback,
        };
    }

    static object? Abs(RenderState state, object? value, Arguments args)
    {
        args.Bind("abs", []);
        return value switch
        {
            long l => l == long.MinValue ? throw new JinjaError("integer result does not fit in 64 bits") : (object)Math.Abs(l),
            double d => Math.Abs(d),
            bool b => b ? 1L : 0L,
            _ => throw new JinjaError($"bad operand type for abs(): '{Py.TypeName(value)}'"),
        };
    }

    /// <summary>Jinja's <c>round</c>: <c>common</c> (Python's round, half to even), <c>ceil</c> or <c>floor</c>, to a precision.</summary>
    static object? Round(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("round", ["precision", "method"]);
        long precision = bound.GetInteger(0, 0);
        string method = bound.GetString(1, "common");
        if (!Py.IsNumber(value)) throw new JinjaError($"round: expected a number, got {Py.TypeName(value)}");
        double x = Py.ToDouble(value), scale = Math.Pow(10, precision);
        return method switch
        {
            "common" => PyRound.Round(value, precision),
            "ceil" => Math.Ceiling(x * scale) / scale,
            "floor" => Math.Floor(x * scale) / scale,
            _ => throw new JinjaError("method must be 'common', 'ceil' or 'floor'"),
        };
    }
}
