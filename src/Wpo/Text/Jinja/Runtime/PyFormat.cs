using System.Globalization;
using System.Text;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> of template values: <c>True</c>/<c>False</c>/<c>None</c>, floats as
/// <c>1.0</c> or <c>1e-05</c>, lists as <c>['a', 1]</c>, dicts as <c>{'k': 'v'}</c>, tuples as <c>(1,)</c>.
/// </summary>
internal static class PyFormat
{
    /// <summary>Python's <c>str(value)</c>, which is what <c>{{ value }}</c> prints (undefined prints nothing).</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Undefined => "",
        _ => Repr(value),
    };

    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return builder.ToString();
    }

    /// <param name="builder">Where the repr goes.</param>
    /// <param name="value">The value.</param>
    /// <param name="open">The containers being written around this value; one met again is written as Python does, <c>[...]</c>.</param>
    static void AppendRepr(StringBuilder builder, object? value, HashSet<object> open)
    {
        if (value is not (List<object?> or object?[] or PyDict))
        {
            AppendReprOf(builder, value, open);
            return;
        }
        StackGuard.Ensure(" while getting the repr of an object");
        if (!open.Add(value))
        {
            builder.Append(value switch { List<object?> => "[...]", PyDict => "{...}", _ => "(...)" });
            return;
        }
        AppendReprOf(builder, value, open);
        open.Remove(value);
    }

    static void AppendReprOf(StringBuilder builder, object? value, HashSet<object> open)
    {
        switch (value)
        {
            case string s: AppendStringRepr(builder, s); break;
            case DictView view:
                builder.Append(view.Kind).Append('(');
                AppendItems(builder, '[', view, ']', open);
                builder.Append(')');
                break;
            case List<object?> list: AppendItems(builder, '[', list, ']', open); break;
            case object?[] tuple:
                AppendItems(builder, '(', tuple, tuple.Length == 1 ? null : ')', open);
                if (tuple.Length == 1) builder.Append(",)");
                break;
            case PyDict dict:
                builder.Append('{');
                bool first = true;
                foreach (var (key, item) in dict)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    AppendRepr(builder, key, open);
                    builder.Append(": ");
                    AppendRepr(builder, item, open);
                }
                builder.Append('}');
                break;
            case Namespace ns:
                builder.Append("<Namespace ");
                AppendRepr(builder, ns.Attributes, open);
                builder.Append('>');
                break;
            case Undefined: builder.Append("Undefined"); break;
            case Generator: builder.Append("<generator object>"); break;
            case LoopContext: builder.Append("<LoopContext>"); break;
            case ICallable callable: builder.Append("<function ").Append(callable.Name).Append('>'); break;
            default: builder.Append(Str(value)); break;
        }
    }

    static void AppendItems(StringBuilder builder, char start, IReadOnlyList<object?> items, char? close, HashSet<object> open)
    {
        builder.Append(start);
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            AppendRepr(builder, items[i], open);
        }
        if (close is char c) builder.Append(c);
    }

    /// <summary>Python's string repr: single quotes unless the text has ' and no ", escapes for unprintables.</summary>
    static void AppendStringRepr(StringBuilder builder, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        builder.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote) builder.Append('\\').Append(c);
                    else if (char.IsSurrogatePair(s, i)) builder.Append(c).Append(s[++i]);
                    else if (IsPrintable(c)) builder.Append(c);
                    else if (c < 0x100) builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }
        builder.Append(quote);
    }

    static bool IsPrintable(char c) => c == ' ' || char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest digits that round-trip, positional for exponents in [-4, 16),
    /// scientific (<c>1e+16</c>, <c>1.5e-05</c>) outside, and always a <c>.0</c> on whole numbers.
    /// </summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        var (digits, exponent) = Decompose(Math.Abs(d).ToString("R", CultureInfo.InvariantCulture));
        string sign = d < 0 ? "-" : "";
        if (exponent is >= -4 and < 16)
        {
            if (exponent >= digits.Length - 1) return sign + digits + new string('0', exponent - digits.Length + 1) + ".0";
            if (exponent >= 0) return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
            return sign + "0." + new string('0', -exponent - 1) + digits;
        }
        string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Significant digits (no leading/trailing zeros) and the decimal exponent of the first digit.</summary>
    static (string Digits, int Exponent) Decompose(string formatted)
    {
        int e = formatted.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? formatted : formatted[..e];
        int exponent = e < 0 ? 0 : int.Parse(formatted[(e + 1)..], CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string integerPart = dot < 0 ? mantissa : mantissa[..dot];
        string fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        string all = integerPart + fraction;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        exponent += integerPart.Length - 1 - leadingZeros;
        return (all.Trim('0'), exponent);
    }
}
