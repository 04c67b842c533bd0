using System.Text;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>The Python <c>str</c> methods templates call: <c>strip</c>, <c>split</c>, <c>startswith</c>, <c>replace</c>…</summary>
internal static class StringMethods
{
    public static readonly HashSet<string> Names =
    [
        "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "upper", "lower", "title",
        "capitalize", "swapcase", "casefold", "replace", "find", "rfind", "index", "rindex", "count", "join", "isdigit",
        "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "islower", "isupper", "zfill", "ljust", "rjust",
        "center", "partition", "rpartition", "removeprefix", "removesuffix", "format",
    ];

    public static object? Call(string s, string name, Arguments args)
    {
        switch (name)
        {
            case "strip": return PyString.Strip(s, Chars(args, name));
            case "lstrip": return PyString.Strip(s, Chars(args, name), right: false);
            case "rstrip": return PyString.Strip(s, Chars(args, name), left: false);
            case "split" or "rsplit":
                var split = args.Bind(name, ["sep", "maxsplit"]);
                string? separator = split.GetOptionalString(0);
                long max = split.GetInteger(1, -1);
                return name == "split" ? PyString.Split(s, separator, max) : PyString.RSplit(s, separator, max);
            case "splitlines":
                return PyString.SplitLines(s, args.Bind(name, ["keepends"]).GetFlag(0, false)).Select(line => (object?)line).ToList();
            case "startswith" or "endswith": return Affix(s, name, args);
            case "upper": return NoArguments(args, name, s.ToUpperInvariant());
            case "lower" or "casefold": return NoArguments(args, name, s.ToLowerInvariant());
            case "title": return NoArguments(args, name, PyString.Title(s));
            case "capitalize": return NoArguments(args, name, PyString.Capitalize(s));
            case "swapcase":
                return NoArguments(args, name, string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))));
            case "replace":
                var replace = args.Bind(name, ["old", "new", "count"], required: 2);
                return PyString.Replace(s, replace.GetString(0, ""), replace.GetString(1, ""), replace.GetInteger(2, -1));
            case "find" or "rfind" or "index" or "rindex": return Find(s, name, args);
            case "count": return PyString.Count(s, args.Bind(name, ["sub"], required: 1).GetString(0, ""));
            case "join":
                object? iterable = args.Bind(name, ["iterable"], required: 1).Get(0);
                return string.Join(s, Py.Iterate(iterable).Select(item =>
                    item as string ?? throw new JinjaError($"sequence item: expected str instance, {Py.TypeName(item)} found")));
            case "isdigit" or "isdecimal" or "isnumeric": return NoArguments(args, name, s.Length > 0 && s.All(char.IsDigit));
            case "isalpha": return NoArguments(args, name, s.Length > 0 && s.All(char.IsLetter));
            case "isalnum": return NoArguments(args, name, s.Length > 0 && s.All(char.IsLetterOrDigit));
            case "isspace": return NoArguments(args, name, s.Length > 0 && s.All(PyString.IsSpace));
            case "islower": return NoArguments(args, name, s.Any(char.IsLower) && !s.Any(char.IsUpper));
            case "isupper": return NoArguments(args, name, s.Any(char.IsUpper) && !s.Any(char.IsLower));
            case "zfill":
                long width = args.Bind(name, ["width"], required: 1).GetInteger(0, 0);
                int sign = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
                return s.Length >= width ? s : s[..sign] + new string('0', (int)width - s.Length) + s[sign..];
            case "ljust" or "rjust" or "center": return Justify(s, name, args);
            case "partition" or "rpartition": return Partition(s, name, args);
            case "removeprefix":
                string prefix = args.Bind(name, ["prefix"], required: 1).GetString(0, "");
                return s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;
            case "removesuffix":
                string suffix = args.Bind(name, ["suffix"], required: 1).GetString(0, "");
                return suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;
            case "format": return Format(s, args);
            default: throw new JinjaError($"'str' object has no attribute '{name}'");
        }
    }

    static object? NoArguments(Arguments args, string name, object? result)
    {
        args.Bind(name, []);
        return result;
    }

    static string? Chars(Arguments args, string name) => args.Bind(name, ["chars"]).GetOptionalString(0);

    static bool Affix(string s, string name, Arguments args)
    {
        var bound = args.Bind(name, [name == "startswith" ? "prefix" : "suffix", "start", "end"], required: 1);
        string window = (string)Access.Slice(s, bound.Get(1), bound.Get(2), null)!;
        IEnumerable<object?> candidates = bound.Get(0) is object?[] tuple ? tuple : [bound.Get(0)];
        return candidates.Any(candidate => candidate is string affix
            ? name == "startswith" ? window.StartsWith(affix, StringComparison.Ordinal) : window.EndsWith(affix, StringComparison.Ordinal)
            : throw new JinjaError($"{name} first arg must be str or a tuple of str, not {Py.TypeName(candidate)}"));
    }

    static long Find(string s, string name, Arguments args)
    {
        var bound = args.Bind(name, ["sub", "start", "end"], required: 1);
        string sub = bound.GetString(0, "");
        long start = bound.Get(1) is null ? 0 : bound.GetInteger(1, 0);
        string window = (string)Access.Slice(s, bound.Get(1), bound.Get(2), null)!;
        if (start < 0) start = Math.Max(0, start + PyString.Length(s));
        int at = name.StartsWith('r') ? window.LastIndexOf(sub, StringComparison.Ordinal) : window.IndexOf(sub, StringComparison.Ordinal);
        if (at < 0)
        {
            if (name.EndsWith("index", StringComparison.Ordinal)) throw new JinjaError("substring not found");
            return -1;
        }
        return start + PyString.CodePointIndex(window, at);
    }

    static string Justify(string s, string name, Arguments args)
    {
        var bound = args.Bind(name, ["width", "fillchar"], required: 1);
        long width = bound.GetInteger(0, 0);
        string fill = bound.GetString(1, " ");
        if (fill.Length != 1) throw new JinjaError("The fill character must be exactly one character long");
        int padding = (int)Math.Max(0, width - PyString.Length(s));
        return name switch
        {
            "ljust" => s + new string(fill[0], padding),
            "rjust" => new string(fill[0], padding) + s,
            _ => Methods.Center(s, width, fill),
        };
    }

    static object?[] Partition(string s, string name, Arguments args)
    {
        string separator = args.Bind(name, ["sep"], required: 1).GetString(0, "");
        if (separator.Length == 0) throw new JinjaError("empty separator");
        int at = name == "partition" ? s.IndexOf(separator, StringComparison.Ordinal) : s.LastIndexOf(separator, StringComparison.Ordinal);
        if (at < 0) return name == "partition" ? [s, "", ""] : ["", "", s];
        return [s[..at], separator, s[(at + separator.Length)..]];
    }

    /// <summary>Python's <c>str.format</c> for plain fields: <c>{}</c>, <c>{0}</c>, <c>{name}</c>, with <c>!r</c>/<c>!s</c>.</summary>
    static string Format(string format, Arguments args)
    {
        var result = new StringBuilder();
        int automatic = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                result.Append(c);
                i++;
                continue;
            }
            if (c == '}') throw new JinjaError("Single '}' encountered in format string");
            if (c != '{')
            {
                result.Append(c);
                continue;
            }
            int close = format.IndexOf('}', i);
            if (close < 0) throw new JinjaError("Single '{' encountered in format string");
            string field = format[(i + 1)..close];
            if (field.Contains(':')) throw new JinjaError("format specifications in str.format are not supported");
            bool repr = field.EndsWith("!r", StringComparison.Ordinal);
            if (repr || field.EndsWith("!s", StringComparison.Ordinal)) field = field[..^2];
            object? value = field.Length == 0 ? Positional(args, automatic++)
                : int.TryParse(field, out int index) ? Positional(args, index)
                : args.Keywords.FirstOrDefault(k => k.Key == field) is { Key: not null } keyword ? keyword.Value
                : throw new JinjaError($"KeyError: '{field}'");
            result.Append(repr ? PyFormat.Repr(value) : PyFormat.Str(value));
            i = close;
        }
        return result.ToString();
    }

    static object? Positional(Arguments args, int index) =>
        index < args.Positional.Length ? args.Positional[index] : throw new JinjaError($"Replacement index {index} out of range for positional args tuple");
}
