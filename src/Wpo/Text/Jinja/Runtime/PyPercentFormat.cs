using System.Globalization;
using System.Text;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's printf-style <c>format % values</c> (also the <c>format</c> filter): <c>%s %r %d %i %f %e %g %x %o %c
/// %%</c> with flags, width, precision and <c>%(key)s</c> against a dict.
/// </summary>
internal static class PyPercentFormat
{
    public static string Format(string format, object? values)
    {
        // As CPython: a value that is not a tuple is the one positional argument, even a dict ('%s' % {'a': 1});
        // a subscriptable one (dict, list) may also go unused without "not all arguments converted".
        object?[] positional = values is object?[] tuple ? tuple : [values];
        var mapping = values as PyDict;
        bool subscriptable = values is PyDict or List<object?>;
        int next = 0;
        var result = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                result.Append(format[i]);
                continue;
            }
            if (++i >= format.Length) throw new JinjaError("incomplete format");
            object? value = null;
            bool hasValue = false;
            if (format[i] == '(')
            {
                int close = format.IndexOf(')', i);
                if (close < 0 || mapping is null) throw new JinjaError("format requires a mapping");
                string key = format[(i + 1)..close];
                if (!mapping.TryGetValue(key, out value)) throw new JinjaError($"KeyError: '{key}'");
                hasValue = true;
                next = positional.Length; // after a %(key), a positional %s has nothing left, as in Python
                i = close + 1;
            }
            string flags = Read(format, ref i, c => c is '-' or '+' or ' ' or '0' or '#');
            int width = int.TryParse(Read(format, ref i, char.IsAsciiDigit), out int w) ? w : 0;
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = int.TryParse(Read(format, ref i, char.IsAsciiDigit), out int p) ? p : 0;
            }
            if (i >= format.Length) throw new JinjaError("incomplete format");
            char conversion = format[i];
            if (conversion == '%')
            {
                result.Append('%');
                continue;
            }
            if (!hasValue)
            {
                if (next >= positional.Length) throw new JinjaError("not enough arguments for format string");
                value = positional[next++];
            }
            result.Append(Pad(Convert(conversion, value, flags, precision), flags, width, conversion));
        }
        if (!subscriptable && next < positional.Length) throw new JinjaError("not all arguments converted during string formatting");
        return result.ToString();
    }

    static string Read(string format, ref int i, Func<char, bool> accept)
    {
        int start = i;
        while (i < format.Length && accept(format[i])) i++;
        return format[start..i];
    }

    static string Convert(char conversion, object? value, string flags, int? precision)
    {
        string sign(double x) => x < 0 || double.IsNegative(x) ? "-" : flags.Contains('+') ? "+" : flags.Contains(' ') ? " " : "";
        switch (conversion)
        {
            case 's': return Truncate(PyFormat.Str(value), precision);
            case 'r' or 'a': return Truncate(PyFormat.Repr(value), precision);
            case 'd' or 'i' or 'u':
                long integer = value is double d ? (long)Math.Truncate(d) : Py.ToLong(Number(conversion, value));
                return sign(integer) + Math.Abs((decimal)integer).ToString(CultureInfo.InvariantCulture);
            case 'x' or 'X' or 'o':
                long whole = value is long or bool ? Py.ToLong(value) : throw new JinjaError($"%{conversion} format: an integer is required, not {Py.TypeName(value)}");
                string digits = conversion == 'o' ? System.Convert.ToString(Math.Abs(whole), 8) : Math.Abs(whole).ToString(conversion == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                string prefix = flags.Contains('#') ? (conversion == 'o' ? "0o" : conversion == 'x' ? "0x" : "0X") : "";
                return sign(whole) + prefix + digits;
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
                double real = Py.ToDouble(Number(conversion, value));
                if (double.IsNaN(real) || double.IsInfinity(real))
                {
                    string special = double.IsNaN(real) ? "nan" : "inf";
                    return (real < 0 ? "-" : sign(1)) + (char.IsUpper(conversion) ? special.ToUpperInvariant() : special);
                }
                return sign(real) + FormatReal(Math.Abs(real), conversion, precision ?? 6, flags.Contains('#'));
            case 'c':
                return value switch
                {
                    string { Length: > 0 } s when PyString.Length(s) == 1 => s,
                    long code and (< 0 or > 0x10FFFF) => throw new JinjaError("%c arg not in range(0x110000)"),
                    long code and >= 0xD800 and <= 0xDFFF => ((char)code).ToString(), // a lone surrogate, as Python allows
                    long code => char.ConvertFromUtf32((int)code),
                    _ => throw new JinjaError("%c requires an int or a single character"),
                };
            default: throw new JinjaError($"unsupported format character '{conversion}'");
        }
    }

    static object? Number(char conversion, object? value) =>
        Py.IsNumber(value) ? value : throw new JinjaError($"%{conversion} format: a real number is required, not {Py.TypeName(value)}");

    static string Truncate(string s, int? precision) => precision is int p && p < s.Length ? s[..p] : s;

    /// <summary>Fixed, exponent or general notation of a non-negative finite number, as Python's % operator writes it.</summary>
    internal static string FormatReal(double x, char conversion, int precision, bool alternate)
    {
        switch (char.ToLowerInvariant(conversion))
        {
            case 'f': return x.ToString("F" + precision, CultureInfo.InvariantCulture);
            case 'e': return Exponent(x, precision, char.IsUpper(conversion));
            default:
                int p = precision == 0 ? 1 : precision;
                string scientific = Exponent(x, p - 1, upper: false);
                int exponent = int.Parse(scientific[(scientific.IndexOf('e') + 1)..], CultureInfo.InvariantCulture);
                string text = exponent >= -4 && exponent < p
                    ? x.ToString("F" + (p - 1 - exponent), CultureInfo.InvariantCulture)
                    : scientific;
                if (!alternate) text = StripZeros(text);
                return char.IsUpper(conversion) ? text.ToUpperInvariant() : text;
        }
    }

    static string Exponent(double x, int precision, bool upper)
    {
        string text = x.ToString((upper ? "E" : "e") + precision, CultureInfo.InvariantCulture);
        int e = text.IndexOfAny(['e', 'E']);
        int exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        return text[..(e + 1)] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    static string StripZeros(string text)
    {
        int e = text.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? text : text[..e];
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        return e < 0 ? mantissa : mantissa + text[e..];
    }

    static string Pad(string text, string flags, int width, char conversion)
    {
        if (text.Length >= width) return text;
        if (flags.Contains('-')) return text.PadRight(width);
        bool numeric = conversion is not ('s' or 'r' or 'a' or 'c');
        if (!flags.Contains('0') || !numeric) return text.PadLeft(width);
        int signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
        if (text.Length > signLength + 1 && text[signLength] == '0' && text[signLength + 1] is 'x' or 'X' or 'o') signLength += 2;
        return text[..signLength] + new string('0', width - text.Length) + text[signLength..];
    }
}
