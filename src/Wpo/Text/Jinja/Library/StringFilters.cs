using System.Text;
using System.Text.RegularExpressions;
using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>Jinja's text filters. Each turns its input into a string first (undefined becomes "").</summary>
internal static partial class StringFilters
{
    public static readonly IReadOnlyDictionary<string, Filter> All = new Dictionary<string, Filter>
    {
        ["capitalize"] = (_, value, args) => PyString.Capitalize(Text(value, args, "capitalize")),
        ["lower"] = (_, value, args) => Text(value, args, "lower").ToLowerInvariant(),
        ["upper"] = (_, value, args) => Text(value, args, "upper").ToUpperInvariant(),
        ["title"] = (_, value, args) => Title(Text(value, args, "title")),
        ["string"] = (_, value, args) => Text(value, args, "string"),
        ["safe"] = (_, value, args) => Text(value, args, "safe"),
        ["escape"] = (_, value, args) => Escape(Text(value, args, "escape")),
        ["e"] = (_, value, args) => Escape(Text(value, args, "e")),
        ["forceescape"] = (_, value, args) => Escape(Text(value, args, "forceescape")),
        ["wordcount"] = (_, value, args) => (long)Word().Count(Text(value, args, "wordcount")),
        ["trim"] = Trim,
        ["replace"] = Replace,
        ["center"] = Center,
        ["indent"] = Indent,
        ["truncate"] = Truncate,
        ["format"] = (_, value, args) => PyPercentFormat.Format(PyFormat.Str(value),
            args.Keywords.Length > 0 ? KeywordDict(args) : args.Positional),
    };

    static string Text(object? value, Arguments args, string filter)
    {
        args.Bind(filter, []);
        return PyFormat.Str(value);
    }

    static PyDict KeywordDict(Arguments args)
    {
        var dict = new PyDict();
        foreach (var (key, value) in args.Keywords) dict[key] = value;
        return dict;
    }

    /// <summary>Jinja's <c>title</c>: upper-cases the first letter of each word, words split at spaces and <c>-([{&lt;</c>.</summary>
    static string Title(string s)
    {
        var result = new StringBuilder(s.Length);
        foreach (string item in WordBeginning().Split(s))
        {
            if (item.Length == 0) continue;
            result.Append(char.ToUpperInvariant(item[0])).Append(item[1..].ToLowerInvariant());
        }
        return result.ToString();
    }

    static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;");

    static object? Trim(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("trim", ["chars"]);
        return PyString.Strip(PyFormat.Str(value), bound.GetOptionalString(0));
    }

    static object? Replace(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("replace", ["old", "new", "count"], required: 2);
        long count = bound.Get(2) is null ? -1 : bound.GetInteger(2, -1);
        return PyString.Replace(PyFormat.Str(value), PyFormat.Str(bound.Get(0)), PyFormat.Str(bound.Get(1)), count);
    }

    static object? Center(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("center", ["width"]);
        return Methods.Center(PyFormat.Str(value), bound.GetInteger(0, 80), " ");
    }

    /// <summary>Jinja's <c>indent</c>: indents every line but the first (unless <c>first</c>), blank lines only with <c>blank</c>.</summary>
    static object? Indent(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("indent", ["width", "first", "blank"]);
        string indentation = bound.Get(0, 4L) is string s ? s : new string(' ', (int)Math.Max(0, bound.GetInteger(0, 4)));
        List<string> lines = PyString.SplitLines(PyFormat.Str(value) + "\n");
        var result = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            if (i > 0) result.Append('\n');
            bool indentLine = i == 0 ? bound.GetFlag(1, false) : lines[i].Length > 0 || bound.GetFlag(2, false);
            if (indentLine) result.Append(indentation);
            result.Append(lines[i]);
        }
        return result.ToString();
    }

    static object? Truncate(RenderState state, object? value, Arguments args)
    {
        var bound = args.Bind("truncate", ["length", "killwords", "end", "leeway"]);
        string s = PyFormat.Str(value);
        long length = bound.GetInteger(0, 255), leeway = bound.Get(3) is null ? 5 : bound.GetInteger(3, 5);
        string end = bound.GetString(2, "...");
        if (length < end.Length) throw new JinjaError($"expected length >= {end.Length}, got {length}");
        if (s.Length <= length + leeway) return s;
        string kept = s[..(int)(length - end.Length)];
        if (bound.GetFlag(1, false)) return kept + end;
        int space = kept.LastIndexOf(' ');
        return (space < 0 ? kept : kept[..space]) + end;
    }

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginning();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
